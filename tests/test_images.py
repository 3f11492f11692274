"""Pictures: only sourced images with credit and licence; resized to WebP at build time with srcset,
width and height; an item without a picture shows its icon."""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import html as lhtml
from PIL import Image

from tests.conftest import run_cli, write


def jpeg(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (180, 120, 60)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


PRODUCT = """\
- name: Chè Tân Cương
  establishment: HTX chè
  province: Thái Nguyên
  group: che-bien-nong-lam-thuy-san
  images:
    - file: assets/anh/che.jpg
      alt: Búp chè trên cành
      credit: Trung tâm Khuyến công (ảnh mẫu của bộ kiểm thử)
      licence: CC BY 4.0
  source: https://example.org/che
- name: Gốm không ảnh
  establishment: HTX gốm
  province: Ninh Bình
  group: thu-cong-my-nghe
  source: https://example.org/gom
"""


def test_a_sourced_picture_is_served_small_with_its_credit(mini: Path, capsys):
    write(mini, {"site_data/products/a.yml": PRODUCT, "content/assets/anh/che.jpg": jpeg(1600, 1000)})
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    site = mini / "site"
    doc = lhtml.fromstring((site / "san-pham/che-tan-cuong/index.html").read_bytes())
    img = doc.xpath("//figure[@class='kc-figure']//img")[0]
    assert (img.get("width"), img.get("height"), img.get("loading"), img.get("alt")) == ("1600", "1000", "lazy", "Búp chè trên cành")
    srcset = doc.xpath("//figure//source[@type='image/webp']/@srcset")[0]
    entries = [part.strip().split() for part in srcset.split(",")]
    assert [w for _, w in entries] == ["480w", "960w", "1600w"]
    for src, w in entries:
        with Image.open(site / "san-pham/che-tan-cuong" / src) as im:
            assert im.format == "WEBP" and im.size[0] == int(w[:-1])
    original = (site / "san-pham/che-tan-cuong" / img.get("src")).resolve()  # fingerprinted by the build (outputs/release.py)
    assert re.fullmatch(r"che\.[0-9a-f]{10}\.jpg", original.name) and original.read_bytes() == (mini / "content/assets/anh/che.jpg").read_bytes()
    caption = " ".join(doc.xpath("//figcaption")[0].text_content().split())
    assert caption == "Ảnh: Trung tâm Khuyến công (ảnh mẫu của bộ kiểm thử) · Giấy phép: CC BY 4.0"
    assert not doc.xpath("//p[@class='kc-lead']/span[@class='kc-item__icon']")  # it has a picture
    plain = lhtml.fromstring((site / "san-pham/gom-khong-anh/index.html").read_bytes())
    assert plain.xpath("//p[@class='kc-lead']/span[@class='kc-item__icon']/svg[@aria-hidden='true']") and not plain.xpath("//figure")


def test_a_picture_without_credit_or_licence_or_that_is_not_one_is_refused(mini: Path, capsys):
    bad = PRODUCT.replace("      credit: Trung tâm Khuyến công (ảnh mẫu của bộ kiểm thử)\n", "").replace("      licence: CC BY 4.0\n", "")
    write(mini, {"site_data/products/a.yml": bad, "content/assets/anh/che.jpg": jpeg(10, 10)})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1
    assert "site_data/products/a.yml:6:7: images[0]: thiếu trường bắt buộc 'credit'" in err
    assert "site_data/products/a.yml:6:7: images[0]: thiếu trường bắt buộc 'licence'" in err
    write(mini, {"site_data/products/a.yml": PRODUCT, "content/assets/anh/che.jpg": b"<svg onload='alert(1)'></svg>"})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1 and "Traceback" not in err
    assert ("site_data/products/a.yml:6:7: images[0].file: 'assets/anh/che.jpg': "
            "tệp không phải ảnh đọc được (JPEG, PNG, WebP, GIF)") in err
