"""Pictures: only sourced images with credit and licence; resized to WebP at build time with srcset,
width and height; an item without a picture shows its icon."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

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
    assert (img.get("width"), img.get("height"), img.get("loading"),
            img.get("alt")) == ("1600", "1000", "lazy", "Búp chè trên cành")
    srcset = doc.xpath("//figure//source[@type='image/webp']/@srcset")[0]
    entries = [part.strip().split() for part in srcset.split(",")]
    assert [w for _, w in entries] == ["480w", "960w", "1600w"]
    for src, w in entries:
        with Image.open(site / "san-pham/che-tan-cuong" / src) as im:
            assert im.format == "WEBP" and im.size[0] == int(w[:-1])
    # fingerprinted by the build (outputs/release.py)
    original = (site / "san-pham/che-tan-cuong" / img.get("src")).resolve()
    assert re.fullmatch(r"che\.[0-9a-f]{10}\.jpg",
                        original.name) and original.read_bytes() == (mini / "content/assets/anh/che.jpg").read_bytes()
    caption = " ".join(doc.xpath("//figcaption")[0].text_content().split())
    assert caption == "Ảnh: Trung tâm Khuyến công (ảnh mẫu của bộ kiểm thử) · Giấy phép: CC BY 4.0"
    assert not doc.xpath("//p[@class='kc-lead']/span[@class='kc-item__icon']")  # it has a picture
    plain = lhtml.fromstring((site / "san-pham/gom-khong-anh/index.html").read_bytes())
    assert (plain.xpath("//p[@class='kc-lead']/span[@class='kc-item__icon']/span[@aria-hidden='true']"
                        "[contains(@class, 'kc-icon')]") and not plain.xpath("//figure"))


def test_a_picture_without_credit_or_licence_or_that_is_not_one_is_refused(mini: Path, capsys):
    bad = PRODUCT.replace("      credit: Trung tâm Khuyến công (ảnh mẫu của bộ kiểm thử)\n",
                          "").replace("      licence: CC BY 4.0\n", "")
    write(mini, {"site_data/products/a.yml": bad, "content/assets/anh/che.jpg": jpeg(10, 10)})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1
    assert "site_data/products/a.yml:6:7: images[0]: thiếu trường bắt buộc 'credit'" in err
    assert "site_data/products/a.yml:6:7: images[0]: thiếu trường bắt buộc 'licence'" in err
    write(mini, {"site_data/products/a.yml": PRODUCT, "content/assets/anh/che.jpg": b"<svg onload='alert(1)'></svg>"})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1 and "Traceback" not in err
    assert ("site_data/products/a.yml:6:7: images[0].file: 'assets/anh/che.jpg': "
            "tệp ở định dạng SVG, không phải ảnh JPEG, PNG, WebP hay GIF; "
            "mở ảnh và lưu lại dưới dạng JPEG hoặc PNG") in err
    write(mini, {"content/assets/anh/che.jpg": b"Xem \xe1\xba\xa3nh"})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1 and "Traceback" not in err
    assert ("site_data/products/a.yml:6:7: images[0].file: 'assets/anh/che.jpg': "
            "tệp không phải ảnh đọc được (JPEG, PNG, WebP, GIF)") in err


# A name as a communicator may save it: Vietnamese letters, spaces, a comma, and characters that mean
# something in an address (#, %, parentheses).
ODD_NAME = "assets/anh/Chè Tân Cương, ảnh #1 (100%).jpg"


def test_a_picture_named_with_any_letters_spaces_and_commas_is_served(mini: Path, capsys):
    """The original keeps its name; every address of it is percent-encoded (a comma or a space would
    split `srcset`), and the fingerprinting of the release step still finds and renames it."""
    write(mini, {"site_data/products/a.yml": PRODUCT.replace("assets/anh/che.jpg", f'"{ODD_NAME}"'),
                 f"content/{ODD_NAME}": jpeg(1200, 800)})
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    page = mini / "site/san-pham/che-tan-cuong"
    doc = lhtml.fromstring((page / "index.html").read_bytes())
    src = doc.xpath("//figure[@class='kc-figure']//img/@src")[0]
    srcset = doc.xpath("//figure//source[@type='image/webp']/@srcset")[0]
    assert re.fullmatch(r"[A-Za-z0-9_.~/%-]+", src), src  # nothing a browser or a server must guess at
    original = page / unquote(src)
    assert original.is_file() and original.read_bytes() == (mini / "content" / ODD_NAME).read_bytes()
    # fingerprinted, its name kept
    assert re.fullmatch(r"Chè Tân Cương, ảnh #1 \(100%\)\.[0-9a-f]{10}\.jpg", original.name)
    entries = [part.split(" ") for part in srcset.split(", ")]  # the HTML parser splits at a comma and a space
    assert [w for _, w in entries] == ["480w", "960w", "1200w"]
    for url, w in entries:
        assert re.fullmatch(r"[A-Za-z0-9_.~/%-]+", url), url
        with Image.open(page / unquote(url)) as im:
            assert im.format == "WEBP" and im.size[0] == int(w[:-1])


def test_an_eps_named_jpg_never_reaches_ghostscript(mini: Path, tmp_path: Path, capsys, monkeypatch):
    """Pillow reads EPS by running Ghostscript (found on most CI runners). A stand-in records every
    run: left to guess the format, Pillow starts it for an EPS named .jpg; the portal never does,
    in `check` or in `build`."""
    from PIL import EpsImagePlugin

    ran = tmp_path / "gs-ran"
    fake = tmp_path / "gs"
    fake.write_text(f"#!/bin/sh\necho run >> '{ran}'\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", str(fake))
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\n%%EndComments\nshowpage\n%%EOF\n"
    with Image.open(io.BytesIO(eps)) as im, contextlib.suppress(OSError, subprocess.CalledProcessError):
        im.load()
    assert ran.is_file()  # the stand-in works: this is what an unrestricted open does
    ran.unlink()
    write(mini, {"site_data/products/a.yml": PRODUCT, "content/assets/anh/che.jpg": eps})
    for command in (["check"], ["build", "--build-date", "2026-11-22"]):
        code, _, err = run_cli(["--root", str(mini), "--lang", "en", *command], capsys)
        assert code == 1 and "Traceback" not in err
        assert ("site_data/products/a.yml:6:7: images[0].file: 'assets/anh/che.jpg': the file is in EPS (PostScript) "
                "format, not a JPEG, PNG, WebP or GIF picture; open it and save it again as JPEG or PNG") in err
    assert not ran.exists()


def test_every_format_the_portal_serves_passes_under_its_own_names():
    """JPEG (a camera's multi-picture JPEG too), PNG, WebP and GIF pass under their endings, in any
    case; each fails under another's ending, with the ending to rename it to."""
    from generator.images import examine

    pictures = {".jpg": jpeg(40, 30), ".png": _saved("PNG"), ".webp": _saved("WEBP"), ".gif": _saved("GIF")}
    mpo = io.BytesIO()
    Image.new("RGB", (40, 30)).save(mpo, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30), (9, 9, 9))])
    assert examine(mpo.getvalue(), ".jpg") == (40, 30)
    assert examine(pictures[".jpg"], ".jpeg") == (40, 30)
    for ending, data in pictures.items():
        assert examine(data, ending) == (40, 30), ending
        other = ".png" if ending != ".png" else ".gif"
        code, params = examine(data, other)
        assert code == "picture_misnamed" and params["right"] == (".jpg" if ending == ".jpg" else ending), ending


def _saved(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 120, 60)).save(buf, fmt)
    return buf.getvalue()


def test_a_damaged_picture_is_a_message_whatever_pillow_raises():
    """Pillow raises IndexError for this cut GIF (found by fuzzing), and accepts a PNG of no width:
    each is a damaged picture, never a traceback in `check` nor a division by zero in `build`. A
    name's ending is quoted as written."""
    from generator.images import examine

    cut_gif = (
        b"GIF87a%\x00\x17\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00%\x00\x17\x00@\x081\x00\x01\x08"
               b"\x1cH\xb0\xa0\xc1\xdf\x08\x13*\\\xc8\xb0\xa1\xc3\x87\x10#J\x9cH\xb1\xa2\xc5\x8b\x183j\xdc\xc8\xb1\xa3\xc7"
               b"\x8f C\x8a\x1cI\xb2\xa4\xc9\x93(?\x06\x04\x00!")
    assert examine(cut_gif, ".gif") == ("picture_damaged", {"kind": "GIF"})
    flat = bytearray(_saved("PNG"))
    flat[16:20] = b"\x00\x00\x00\x00"  # IHDR width 0 (its checksum then fails too)
    assert examine(bytes(flat), ".png") == ("picture_damaged", {"kind": "PNG"})
    assert examine(b"\x89PNG\r\n\x1a\n\x00\x00", ".png") == ("picture_damaged", {"kind": "PNG"})
    assert examine(jpeg(8, 8)[:-300], ".JPG") == ("picture_damaged", {"kind": "JPEG"})
    assert examine(_saved("PNG"), ".JPG") == ("picture_misnamed", {"kind": "PNG", "ending": ".JPG", "right": ".png"})
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    assert examine(heic, ".jpg") == ("picture_format", {"kind": "HEIC"})


def test_markdown_encodes_the_addresses_of_files_with_any_name():
    """A news body or a data field names a file as its writer saved it; the page's address is
    percent-encoded (an address already encoded stays, a bare '%' is a '%'), and addresses with a
    scheme, queries and fragments are left as written."""
    from generator.markup import render_markdown

    html = render_markdown("![Ảnh](<../../assets/anh/Ảnh sản phẩm, mới.jpg>) [a](100%.pdf) [b](a%20b.pdf?q=ả#Đ) "
                           "[c](https://ví.dụ/ả) [d](../van-ban/x/#muc-2)")[0]
    assert 'src="../../assets/anh/%E1%BA%A2nh%20s%E1%BA%A3n%20ph%E1%BA%A9m%2C%20m%E1%BB%9Bi.jpg"' in html
    assert 'href="100%25.pdf"' in html and 'href="a%20b.pdf?q=ả#Đ"' in html
    assert 'href="https://ví.dụ/ả"' in html and 'href="../van-ban/x/#muc-2"' in html


def test_a_picture_with_the_longest_name_a_disk_allows_is_served(mini: Path, capsys):
    """A name of 255 bytes (Vietnamese letters take 2 or 3 each) is a file the disk holds; the
    release step's fingerprint and the WebP variants add to it, so they shorten the name instead of
    failing the build."""
    name = "assets/anh/" + ("Ảnh" * 49) + "abcdef.jpg"
    assert len(name.rsplit("/", 1)[1].encode()) == 255  # the most a Linux or macOS disk allows
    write(mini, {"site_data/products/a.yml": PRODUCT.replace("assets/anh/che.jpg", f'"{name}"'),
                 f"content/{name}": jpeg(1200, 800)})
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0 and "Traceback" not in err, err
    page = mini / "site/san-pham/che-tan-cuong"
    doc = lhtml.fromstring((page / "index.html").read_bytes())
    assert (page / unquote(doc.xpath("//figure[@class='kc-figure']//img/@src")[0])).is_file()
    for candidate in doc.xpath("//figure//source[@type='image/webp']/@srcset")[0].split(", "):
        assert (page / unquote(candidate.split(" ")[0])).is_file()
