"""Synthetic portals for the benchmark. Clearly synthetic, never published: every title starts
with "[Dữ liệu thử nghiệm]" and every source is example.org."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = (
    "khuyến công sản phẩm công nghiệp nông thôn tiêu biểu hỗ trợ cơ sở sản xuất đề án mô hình trình diễn kỹ thuật "
    "máy móc thiết bị chế biến nông sản thủy sản lâm sản thủ công mỹ nghệ làng nghề hợp tác xã doanh nghiệp hộ kinh "
    "doanh đào tạo nghề lao động việc làm thu nhập năng suất chất lượng thương hiệu thị trường hội chợ triển lãm "
    "kinh phí ngân sách địa phương quốc gia tỉnh huyện xã phường chính sách văn bản nghị định thông tư quyết định "
    "bánh tráng gạo chè cà phê mây tre đan gốm sứ đồng mộc lụa tơ tằm nước mắm miến bún phở tiêu quế mật ong "
    "đổi mới công nghệ chuyển đổi số sản xuất sạch hơn tiết kiệm năng lượng môi trường bền vững phụ nữ dân tộc "
    "thiểu số nghệ nhân truyền nghề phát triển nâng cao hiệu quả giá trị gia tăng xuất khẩu tiêu thụ"
).split()
PROVINCES = [p["name"] for p in yaml.safe_load((ROOT / "site_data/provinces.yml").read_text(encoding="utf-8"))]
FORMER = [f["name"] for p in yaml.safe_load((ROOT / "site_data/provinces.yml").read_text(encoding="utf-8")) for f
          in p["former_units"]]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SYLLABLES) for _ in range(n))


def para(rng: random.Random, n_words: int) -> str:
    out, left = [], n_words
    while left > 0:
        k = min(left, rng.randint(40, 80))
        out.append(words(rng, k).capitalize() + ".")
        left -= k
    return "\n\n".join(out)


def make_portal(dest: Path, items: int, seed: int = 7) -> Path:
    """A portal with `items` synthetic items: 40% news, 30% products, 15% projects, 10% legal, 5% events."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest)
    shutil.copytree(ROOT / "templates", dest / "templates")
    (dest / "site_data").mkdir()
    for name in ("provinces.yml", "topics.yml"):
        shutil.copy(ROOT / "site_data" / name, dest / "site_data" / name)
    shutil.copytree(ROOT / "content/assets", dest / "content/assets")
    for page in ("gioi-thieu.md", "huong-dan-dang-tin.md"):
        shutil.copy(ROOT / "content" / page, dest / "content" / page)
    (dest / "content/tin-tuc").mkdir(parents=True)
    counts = {"news": int(items * .4), "products": int(items * .3), "projects": int(items * .15),
              "legal": int(items * .1)}
    counts["events"] = items - sum(counts.values())
    topics = ["chinh-sach", "san-pham-tieu-bieu", "mo-hinh-trinh-dien", "sap-xep-hanh-chinh", "muc-chi-ho-tro"]
    src = "  source: https://example.org/du-lieu-thu-nghiem\n"
    for i in range(counts["news"]):
        d = f"20{rng.randint(15, 26):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        prov = rng.choice(PROVINCES + FORMER)
        (dest / f"content/tin-tuc/tin-{i:05d}.md").write_text(
            f"---\ntitle: '[Dữ liệu thử nghiệm] {words(rng, 10)}'\ndate: {d}\nsummary: '{words(rng, 25)}'\n"
            f"provinces: ['{prov}']\ntopics: [{rng.choice(topics)}]\nsource: https://example.org/du-lieu-thu-nghiem\n"
            f"---\n\n## {words(rng, 4)}\n\n{para(rng, 400)}\n",
            encoding="utf-8")
    for kind, n in (("products", counts["products"]), ("projects", counts["projects"]), ("legal", counts["legal"]),
                    ("events", counts["events"])):
        (dest / "site_data" / kind).mkdir()
        chunk = 500
        for f in range(0, n, chunk):
            lines = []
            for i in range(f, min(n, f + chunk)):
                lines.append(_item(kind, i, rng) + src)
            (dest / "site_data" / kind / f"thu-{f // chunk:03d}.yml").write_text("".join(lines), encoding="utf-8")
    _history(dest, counts["news"])
    return dest


def _git(dest: Path, *args: str, day: str) -> None:
    stamp = f"{day}T09:00:00+07:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Dữ liệu thử nghiệm", "GIT_AUTHOR_EMAIL": "thu-nghiem@example.org",
           "GIT_COMMITTER_NAME": "Dữ liệu thử nghiệm", "GIT_COMMITTER_EMAIL": "thu-nghiem@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=dest, env=env, check=True, capture_output=True)


def _history(dest: Path, news: int) -> None:
    """A repository of the portal, as communicators make one by committing: everything published in
    one commit, then 2% of the news edited with a change note, 1% renamed (a redirect each), and one
    file of products edited without a note. The build reads it like any portal's (generator/history.py)."""
    _git(dest, "init", "-q", "-b", "main", day="2026-01-05")
    _git(dest, "add", "-A", day="2026-01-05")
    _git(dest, "commit", "-q", "-m", "[Dữ liệu thử nghiệm] Đăng", day="2026-01-05")
    for i in range(0, news, 50):
        with (dest / f"content/tin-tuc/tin-{i:05d}.md").open("a", encoding="utf-8") as f:
            f.write("\nĐoạn bổ sung thử nghiệm.\n")
    _git(dest, "commit", "-q", "-am", "[Dữ liệu thử nghiệm] Sửa tin\n\nGhi-chu-thay-doi: Bổ sung đoạn thử nghiệm",
         day="2026-03-10")
    for i in range(25, news, 100):
        (dest / f"content/tin-tuc/tin-{i:05d}.md").rename(dest / f"content/tin-tuc/tin-{i:05d}-moi.md")
    first = dest / "site_data/products/thu-000.yml"
    first.write_text(first.read_text(encoding="utf-8").replace("[Dữ liệu thử nghiệm]", "[Dữ liệu thử nghiệm] ", 1),
                     encoding="utf-8")
    _git(dest, "add", "-A", day="2026-05-20")
    _git(dest, "commit", "-q", "-m", "[Dữ liệu thử nghiệm] Đổi tên tệp", day="2026-05-20")


def _item(kind: str, i: int, rng: random.Random) -> str:
    prov = rng.choice(PROVINCES + FORMER)
    t = f"'[Dữ liệu thử nghiệm] {words(rng, 6)} {i}'"
    if kind == "products":
        return (f"- id: sp-{i:05d}\n  name: {t}\n  establishment: 'Cơ sở thử {i}'\n  province: '{prov}'\n"
                f"  group: {rng.choice(['thu-cong-my-nghe', 'che-bien-nong-lam-thuy-san', 'co-khi', 'khac'])}\n"
                f"  level: {rng.choice(['xa', 'tinh', 'khu-vuc', 'quoc-gia'])}\n  year: {rng.randint(2015, 2026)}\n"
                f"  description: |\n    {para(rng, 300).replace(chr(10), chr(10) + '    ')}\n")
    if kind == "projects":
        return (f"- id: da-{i:05d}\n  title: {t}\n  kind: mo-hinh\n  activity: mo-hinh-trinh-dien\n  funding: "
                f"quoc-gia\n"
                f"  support_vnd: {rng.randint(1, 900) * 1_000_000}\n  province: '{prov}'\n  start_year: "
                f"{rng.randint(2015, 2026)}\n"
                f"  story: |\n    {para(rng, 350).replace(chr(10), chr(10) + '    ')}\n")
    if kind == "legal":
        y = rng.randint(2010, 2026)
        return (f"- id: vb-{i:05d}\n  type: quyet-dinh\n  number: '{i}/{y}/QĐ-UBND'\n  issuer: 'Ủy ban nhân dân tỉnh "
                f"{prov}'\n"
                f"  issued: {y}-0{rng.randint(1, 4)}-1{rng.randint(0, 9)}\n  effective: "
                f"{y}-0{rng.randint(5, 9)}-2{rng.randint(0, 8)}\n"
                f"  abstract: {t}\n  province: '{prov}'\n  summary: |\n    "
                f"{para(rng, 300).replace(chr(10), chr(10) + '    ')}\n")
    return (f"- id: sk-{i:05d}\n  title: {t}\n  kind: hoi-nghi\n  start: "
            f"20{rng.randint(20, 27)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
            f"  province: '{prov}'\n  description: '{words(rng, 60)}'\n")
