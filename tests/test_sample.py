"""The repository's own sample content, held only to what any correct content keeps.

Communicators publish by committing to site_data/ and content/; no test here may depend on what
they publish (how many items, which titles, in what order). Exact assertions are made on the
frozen test portal instead (tests/fixtures/portal/). Here the sample must:
- pass `khuyencong check`;
- give every item its page;
- have no link or #anchor that leads nowhere (lychee) and only valid HTML (Nu);
- give valid feeds (RSS 2.0, Atom, JSON Feed 1.1) and open data (Frictionless);
- compare figures like with like in its charts and tile maps (tests/figure_rules.py);
- name a public source for every fact it states.
Accessibility of the same pages in a real browser: tests/browser/test_sample.py.
`test_publishing_in_a_copy_keeps_the_invariants` shows that adding and removing content breaks
none of this.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content import load_site

from generator.cli import main
from tests.conftest import BUILD_DATE, ROOT, copy_repository, run_cli
from tests.feedlint import lint_feeds
from tests.figure_rules import chart_problems
from tests.gates import broken_links, html_errors, missing_item_pages

# One pytest-xdist worker runs this module (`make test-fast`, --dist loadgroup): the sample is built once.
pytestmark = pytest.mark.xdist_group("sample")

# The invariant tests, by node id; the copy test runs exactly these on the changed copy.
INVARIANTS = ["tests/test_sample.py", "tests/browser/test_sample.py"]


def test_sample_passes_check(capsys):
    code, out, err = run_cli(["--root", str(ROOT), "check"], capsys)
    assert code == 0, err


def test_every_item_has_its_page(sample_site: Path):
    looked, missing = missing_item_pages(ROOT, sample_site, BUILD_DATE)
    assert looked > 0 and missing == []


def test_every_link_resolves(sample_site: Path):
    checked, report = broken_links(sample_site)
    assert report == "" and checked > 0


@pytest.mark.slow  # the Nu checker (Java) over every page
def test_every_page_is_valid_html(sample_site: Path):
    assert html_errors(sample_site) == []


def test_the_open_data_validates(sample_site: Path):
    from frictionless import validate

    report = validate(str(sample_site / "du-lieu" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]


def test_every_feed_validates(sample_site: Path):
    count, problems = lint_feeds(sample_site)
    assert count > 0 and problems == []


def test_the_figures_compare_like_with_like(sample_site: Path):
    """Whatever figures the sample holds: each chart one quantity in comparable periods, its reading
    in lower case mid-sentence, maps coloured by one named period, no '9T/'."""
    assert chart_problems(sample_site) == []


def test_every_fact_bearing_entry_of_the_sample_names_its_source():
    """Needs and topics that state facts carry `source`; a hand-written page that cites a legal
    text or gives a figure carries `source` in its front matter."""
    raw, problems = load_site(ROOT)
    assert not problems
    for rec in raw.items["needs.yml"]:
        assert rec.model.source, rec.origin.where
    for rec in raw.items["topics.yml"]:
        if rec.model.description and re.search(r"\d", rec.model.description):
            assert rec.model.source, rec.origin.where
    fact = re.compile(r"\d+/\d{4}/|\d+-NQ/|\d[\d.,]* (?:tỷ|triệu) đồng|\d%")
    for rec in raw.pages:
        prose = re.sub(r"```.*?```", "", rec.body, flags=re.S)
        if fact.search(prose):
            assert rec.model.source, f"{rec.origin.rel}: states a fact without a source in its front matter"
    checked = [rec for rec in raw.pages if fact.search(re.sub(r"```.*?```", "", rec.body, flags=re.S))]
    assert checked  # the rule applies to something


# A letter only Vietnamese uses: a Vietnamese title holds at least one.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
# Addresses of pages written in another language (translations, English editions, legal databases in English).
FOREIGN = re.compile(
    r"//(english\.luatvietnam|ven\.vn|ven\.congthuong\.vn|vietnamnews\.vn|www\.talkvietnam\.org|en\.vietstock|"
                     r"fr\.nhandan|asemconnectvietnam\.gov\.vn|www\.global-regulation\.com)|/(en|de|fr|ro|ja)/")


def _sources(obj, path=()):
    from generator import models as m
    if isinstance(obj, m.Source):
        yield path, obj
    elif isinstance(obj, m.BaseModel):
        for name in type(obj).model_fields:
            yield from _sources(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _sources(x, (*path, i))


# Sites that publish Vietnamese articles under an /en/ path (their titles and text are Vietnamese).
VIETNAMESE_UNDER_EN = ("//aasc.com.vn/", "//socongthuong.hoabinh.gov.vn/en/")


def test_every_source_is_named_in_vietnamese_and_says_when_its_page_is_not():
    """models.Source: Vietnamese pages cite a source by a Vietnamese title; a page in another language
    says so (`lang`), its own title kept apart (`title_in_page`)."""
    raw, problems = load_site(ROOT)
    assert not problems
    records = [r for rs in raw.items.values() for r in rs] + raw.news + raw.pages
    wrong, checked = [], 0
    for rec in records:
        for path, s in _sources(rec.model):
            checked += 1
            where = f"{rec.origin.rel}:{rec.origin.at(*path)[0]} {s.url}"
            if s.title and not VIETNAMESE.search(s.title):
                wrong.append(f"{where}: title not in Vietnamese: {s.title}")
            # a Vietnamese article under /en/
            if not s.lang and FOREIGN.search(s.url) and not any(host in s.url for host in VIETNAMESE_UNDER_EN):
                wrong.append(f"{where}: a page in another language without 'lang'")
    assert checked and wrong == []


NEWS = """---
title: Tin thử của bộ kiểm thử — không đăng
date: {date}
summary: Bài do bộ kiểm thử thêm vào một bản sao của kho để chứng tỏ việc đăng tin không làm hỏng kiểm thử.
provinces: [Hà Nội]
source:
  - url: https://example.org/tin-thu
    title: Nguồn thử
---

Nội dung thử, có [liên kết tới mục sản phẩm](../../san-pham/) và một bảng:

| Cột | Giá trị |
| --- | --- |
| Một | 1 |
"""

PRODUCT = """# Thêm bởi bộ kiểm thử trong một bản sao; không bao giờ được đăng.
- name: Sản phẩm thử của bộ kiểm thử
  establishment: Cơ sở thử
  province: Hà Nội
  year: 2025
  level: tinh
  description: Mô tả thử.
  source:
    - url: https://example.org/san-pham-thu
      title: Nguồn thử
"""

LEGAL = """# Thêm bởi bộ kiểm thử trong một bản sao; không bao giờ được đăng.
- type: quyet-dinh
  id: van-ban-thu-cua-bo-kiem-thu
  issuer: Ủy ban nhân dân thành phố Hà Nội
  issued: 2025-03-01
  abstract: Văn bản thử của bộ kiểm thử
  source:
    - url: https://example.org/van-ban-thu
      title: Nguồn thử
"""


def _unreferenced_news(repo: Path) -> Path:
    """A news item no other file names (so removing it leaves no dangling reference)."""
    others = [p.read_text(encoding="utf-8") for folder in ("site_data", "content") for p in (repo / folder).rglob("*")
              if p.suffix in (".yml", ".md")]
    for item in sorted((repo / "content" / "tin-tuc").glob("*.md")):
        if sum(item.stem in text for text in others) == 1:  # only itself
            return item
    pytest.skip("every news item is named by another file")


@pytest.mark.slow  # a copy of the repository, and a pytest run in it that builds the sample
def test_publishing_in_a_copy_keeps_the_invariants(tmp_path: Path):
    """A copy of the repository, changed the way communicators change it: a news item, a product
    and a legal text added, another item removed. The invariant tests pass on it unchanged."""
    repo = copy_repository(tmp_path / "repo")
    gone = _unreferenced_news(repo)
    gone.unlink()
    (repo / "content" / "tin-tuc" / "2026-11-29-tin-thu.md").write_text(NEWS.format(date="2026-11-20"),
                                                                        encoding="utf-8")
    (repo / "site_data" / "products" / "zz-thu.yml").write_text(PRODUCT, encoding="utf-8")
    (repo / "site_data" / "legal" / "zz-thu.yml").write_text(LEGAL, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *INVARIANTS,
                          "--deselect", "tests/test_sample.py::test_publishing_in_a_copy_keeps_the_invariants"],
                         capture_output=True, text=True, env=env, cwd=repo)
    assert run.returncode == 0, run.stdout[-4000:]
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) >= 8 and " skipped" not in run.stdout, run.stdout[-2000:]
    # The change is real: the copy's site has the added items' pages and not the removed one's.
    code = main(["--root", str(repo), "build", "--site-dir", str(tmp_path / "site"), "--build-date", BUILD_DATE])
    assert code == 0
    pages = {str(p.parent.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("index.html")}
    assert {"tin-tuc/2026-11-29-tin-thu", "san-pham/san-pham-thu-cua-bo-kiem-thu",
            "van-ban/van-ban-thu-cua-bo-kiem-thu"} <= pages
    assert f"tin-tuc/{gone.stem}" not in pages
