"""Legal texts: status on any build date, relations both ways, amendment chain, filter pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.catalog import build_catalog
from generator.content import load_site
from tests.conftest import PORTAL, copy_portal

ONE_DAY = dt.timedelta(days=1)


def catalog_on(day: dt.date):
    raw, problems = load_site(PORTAL)
    assert not problems
    cat, problems = build_catalog(raw, day, PORTAL / "content")
    assert not problems
    return cat


def status_on(number: str, day: dt.date):
    cat = catalog_on(day)
    return next(e for e in cat.legal if e.model.number == number).extra["status"]


def _sample_texts():
    return [(e.model.number, e.model.effective) for e in catalog_on(dt.date(2026, 11, 22)).legal if e.model.effective]


@pytest.mark.parametrize("number,effective", _sample_texts())
def test_every_text_changes_status_on_its_effective_date(number, effective):
    before, on = status_on(number, effective - ONE_DAY), status_on(number, effective)
    assert before.code == "chua-hieu-luc", (number, before)
    assert on.code != "chua-hieu-luc", (number, on)
    assert before.explanation.startswith("Có hiệu lực từ ngày " + effective.strftime("%d/%m/%Y"))


def test_amended_and_replaced_depend_on_the_acting_texts_dates():
    # Decree 45/2012 is amended by 235/2025 from 15/10/2025
    assert status_on("45/2012/NĐ-CP", dt.date(2025, 10, 14)).code == "con-hieu-luc"
    amended = status_on("45/2012/NĐ-CP", dt.date(2025, 10, 15))
    assert amended.code == "sua-doi" and "235/2025/NĐ-CP" in amended.explanation
    # Joint Circular 26/2014 is replaced by Circular 28/2018 from 11/05/2018
    assert status_on("26/2014/TTLT-BTC-BCT", dt.date(2018, 5, 10)).code == "con-hieu-luc"
    replaced = status_on("26/2014/TTLT-BTC-BCT", dt.date(2018, 5, 11))
    assert replaced.code == "het-hieu-luc" and "28/2018/TT-BTC" in replaced.explanation


def test_a_merged_provinces_earlier_text_has_an_unknown_force_after_the_merger():
    """Đồng Tháp's resolution 08/2024 applies from 11/07/2024; from 01/07/2025 Đồng Tháp is merged
    from Đồng Tháp and Tiền Giang, and no source says whether the resolution still applies."""
    assert status_on("08/2024/NQ-HĐND", dt.date(2025, 6, 30)).code == "con-hieu-luc"
    after = status_on("08/2024/NQ-HĐND", dt.date(2025, 7, 1))
    assert after.code == "khong-ro" and after.label == "Chưa rõ hiệu lực"
    assert (after.explanation.startswith("Có hiệu lực từ ngày 11/07/2024, trước khi tỉnh Đồng Tháp hiện nay được hợp "
                                         "nhất từ Đồng Tháp, Tiền Giang"))
    # a national text keeps the rule of its own dates
    assert status_on("45/2012/NĐ-CP", dt.date(2025, 7, 1)).code == "con-hieu-luc"


def test_a_text_a_source_says_may_have_expired_is_of_unknown_force_with_the_reason(tmp_path):
    """`status_unclear`: a source says the text may no longer be in force and the portal could not
    confirm it. Its status is "Chưa rõ hiệu lực" with that reason, whatever its own dates and the
    amendments say; only a replacing text the portal holds says more."""
    root = copy_portal(tmp_path / "p")
    reason = "Theo một nguồn, văn bản hết hiệu lực từ ngày 01/07/2026; cổng chưa đối chiếu với Công báo."
    for number, name in (("42/2022/NĐ-CP", "42-2022-nd-cp.yml"), ("45/2012/NĐ-CP", "45-2012-nd-cp.yml")):
        path = root / "site_data" / "legal" / name
        data = path.read_text(encoding="utf-8")
        path.write_text(data.replace("\nabstract:", f"\nstatus_unclear: {reason}\nabstract:", 1), encoding="utf-8")
        raw, problems = load_site(root)
        assert not problems
        cat, problems = build_catalog(raw, dt.date(2026, 11, 22), root / "content")
        assert not problems
        st = next(e for e in cat.legal if e.model.number == number).extra["status"]
        assert (st.code, st.label, st.explanation) == ("khong-ro", "Chưa rõ hiệu lực", reason), number


class _Built(dict):
    """The pages of a built site by the name of their source: 'van-ban/x.md' is van-ban/x/index.html."""

    def __init__(self, site: Path):
        super().__init__()
        self.site = site

    def __missing__(self, uri: str):
        folder = uri.removesuffix(".md").removesuffix("index")
        self[uri] = lhtml.fromstring((self.site / folder / "index.html").read_bytes())
        return self[uri]


@pytest.fixture(scope="module")
def pages(portal_site: Path):
    """The legal pages, as the session's build of the test portal wrote them (conftest.py): the same
    data, the same date, rendered once for every test that reads them."""
    return _Built(portal_site)


def text(doc, xpath: str) -> str:
    return " ".join(" ".join(n.text_content().split()) for n in doc.xpath(xpath))


def test_every_legal_text_has_its_page_with_its_status(pages):
    cat = catalog_on(dt.date(2026, 11, 22))
    for e in cat.legal:
        doc = pages[f"van-ban/{e.id}.md"]
        assert e.extra["status"].label in text(doc, "//p[@class='kc-status-line']"), e.id
        for label in ("Loại văn bản", "Số ký hiệu", "Cơ quan ban hành", "Ngày ban hành", "Ngày có hiệu lực", "Phạm vi",
                      "Trích yếu"):
            assert label in text(doc, "//dl[@class='kc-facts']"), (e.id, label)


def test_relations_read_both_ways_and_the_chain_is_a_timeline(pages):
    old, new = pages["van-ban/45-2012-nd-cp.md"], pages["van-ban/235-2025-nd-cp.md"]
    assert "Được sửa đổi, bổ sung bởi Nghị định 235/2025/NĐ-CP" in text(old, "//ul[@class='kc-relations']")
    assert "Sửa đổi, bổ sung Nghị định 45/2012/NĐ-CP" in text(new, "//ul[@class='kc-relations']")
    chain = [" ".join(li.text_content().split()) for li in old.xpath("//ol[@class='kc-timeline']/li")]
    assert [c.split(" ")[0] for c in chain] == ["09/06/2004", "05/07/2012", "15/10/2025"]
    assert "134/2004/NĐ-CP" in chain[0] and "(văn bản này)" in chain[1] and "sửa đổi, bổ sung 45/2012/NĐ-CP" in chain[2]
    assert old.xpath("//ol[@class='kc-timeline']/li[@aria-current]//strong/text()") == ["Nghị định 45/2012/NĐ-CP"]


def test_legal_list_narrows_by_type_issuer_year_status_without_javascript(pages):
    index = pages["van-ban/index.md"]
    links = index.xpath("//details[@class='kc-filters']//a/@href")
    assert {"loai/thong-tu/", "co-quan/chinh-phu/", "nam/2025/", "hieu-luc/sua-doi/"} <= set(links)
    cat = catalog_on(dt.date(2026, 11, 22))
    for uri, want in (("van-ban/loai/thong-tu/index.md", [e for e in cat.legal if e.model.type == "thong-tu"]),
                      ("van-ban/co-quan/chinh-phu/index.md", [e for e in cat.legal if e.model.issuer == "Chính phủ"]),
                      ("van-ban/nam/2025/index.md", [e for e in cat.legal if e.model.issued
                                                     and e.model.issued.year == 2025]),
                      ("van-ban/hieu-luc/het-hieu-luc/index.md", [e for e in cat.legal
                                                                  if e.extra["status"].code == "het-hieu-luc"])):
        doc = pages[uri]
        shown = doc.xpath("//ul[@class='kc-cards']//a[@class='kc-card__title']/text()")
        assert sorted(" ".join(s.split()) for s in shown) == sorted(e.title for e in want), uri
        assert doc.xpath("//details[@class='kc-filters']//strong[@aria-current='page']")


def test_a_cited_text_amended_since_by_a_text_the_citation_does_not_name_says_so(pages):
    """A support level cites Article 8 of Circular 28/2018, which Circular 64/2024 has amended: what 64/2024
    changed in Article 8 is not in the data, so the citation says the text was amended, links the amending
    text and says no more than that. A citation that names its amendment (Decree 45/2012 as amended by
    Decree 235/2025) is already exact: nothing is added."""
    levels = pages["muc-ho-tro/index.md"]
    notes = levels.xpath("//span[contains(@class, 'kc-amended')]")
    assert notes, "no note on the support levels that cite Circular 28/2018"
    for note in notes:
        basis = note.getparent()
        assert "Thông tư 28/2018/TT-BTC" in " ".join(basis.text_content().split())
        assert " ".join(note.text_content().split()) == (
            "(văn bản này đã được sửa đổi, bổ sung bởi Thông tư 64/2024/TT-BTC; chưa xác định được quy định dẫn ở "
            "đây có thay đổi hay không)")
        assert [a.get("href") for a in note.xpath("a")] == ["../van-ban/64-2024-tt-btc/"]
    rows = levels.xpath("//span[@class='kc-basis']")
    assert len(notes) == sum("28/2018/TT-BTC" in r.text_content() for r in rows)
    english = pages["en/support-levels/index.md"]
    assert "this text has since been amended by" in text(english, "//span[contains(@class, 'kc-amended')]")
    answer = pages["ho-tro/may-moc-cong-nghe/tay-ninh/index.md"]
    bases = [(" ".join(b.text_content().split()), b) for b in answer.xpath("//span[@class='kc-basis']")]
    exact = [b for said, b in bases if "45/2012/NĐ-CP, sửa đổi bởi khoản 1 Điều 1 Nghị định 235/2025/NĐ-CP" in said]
    assert exact and not any(b.xpath(".//span[contains(@class, 'kc-amended')]") for b in exact)
    # Circular 26/2014 is amended by 14/2018 and 38/2025; a basis that cites 14/2018 beside it names only 38/2025
    both = [b for said, b in bases if "Thông tư 26/2014/TT-BCT" in said and "14/2018/TT-BCT" in said]
    assert both
    for b in both:
        assert [" ".join(n.text_content().split()) for n in b.xpath(".//span[contains(@class, 'kc-amended')]")] == [
            "(văn bản này đã được sửa đổi, bổ sung bởi Thông tư 38/2025/TT-BCT; chưa xác định được quy định dẫn ở đây "
            "có thay đổi hay không)"]
