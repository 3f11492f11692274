"""The public record of change (generator/history.py, generator/moves.py), on a repository with real
commits made here: the test portal committed, then edited the ways communicators edit, each commit
dated by the test. Pages, feeds, redirects (static pages, nginx and Caddy), a shallow clone and a
copy without Git."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import BUILD_DATE, copy_portal, module_folder
from tests.webservers import INSTALLED, SERVERS, running

pytestmark = pytest.mark.xdist_group("history")

PRODUCT = "site_data/products/banh-chung-ba-ba-hoi.yml"
MINOR = "site_data/products/banh-dua-nuong-me-den-quy-thu.yml"
LEGAL = "site_data/legal/08-2024-nq-hdnd.yml"
NEWS_OLD = "content/tin-tuc/2025-07-26-dak-lak-muc-chi-moi-khuyen-cong.md"
NEWS_NEW = "content/tin-tuc/2025-07-26-dak-lak-ap-dung-muc-chi-moi.md"
RENAMED = "site_data/products/gia-treo-khan.yml"


def git(repo: Path, *args: str, date: str = "2025-01-10T09:00:00+07:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "btv@example.org",
           "GIT_COMMITTER_NAME": "Biên tập viên", "GIT_COMMITTER_EMAIL": "btv@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(root: Path, site: Path) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(root), "build", "--build-date", BUILD_DATE, "--site-dir", str(site)])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with module_folder(request, tmp_path_factory, "history") as work:
        yield _history(copy_portal(work / "portal"))


def _history(root: Path) -> Path:
    """The test portal in a git repository of its own, with six commits that each change one thing."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Đăng cổng")
    # 1. a change with a note, as a commit trailer
    edit(root, PRODUCT, "year: 2021", "year: 2021\ndescription: Bánh gói bằng lá dong, nhân đậu xanh và thịt.")
    git(root, "commit", "-q", "-am", "Bổ sung mô tả\n\nGhi-chu-thay-doi: Bổ sung mô tả sản phẩm",
        date="2025-03-05T10:00:00+07:00")
    # 2. a minor edit: no note
    edit(root, MINOR, "name: ", "name: ")  # touch: the file must change
    with (root / MINOR).open("a", encoding="utf-8") as f:
        f.write("# sửa chính tả\n")
    git(root, "commit", "-q", "-am", "Sửa chính tả", date="2025-04-01T08:00:00+07:00")
    # 3. a legal text changed, the note written in the file (as the web editor writes it)
    edit(root, LEGAL, "abstract: Quy định mức chi cho hoạt động khuyến công",
         "change_note: Sửa trích yếu theo văn bản gốc\n"
         "abstract: Quy định nội dung và mức chi cho hoạt động khuyến công")
    git(root, "commit", "-q", "-am", "Sửa văn bản", date="2025-05-02T08:00:00+07:00")
    # 4. a support level's cap changed, with a trailer
    edit(root, "site_data/support_levels.yml", "cap_vnd: 10000000\n", "cap_vnd: 12000000\n")
    git(root, "commit", "-q", "-am", "Mức mới\n\nGhi-chu-thay-doi: Nâng mức hỗ trợ thành lập doanh nghiệp",
        date="2025-06-01T08:00:00+07:00")
    # 5. a news item's file renamed: its address changes
    git(root, "mv", NEWS_OLD, NEWS_NEW)
    git(root, "commit", "-q", "-m", "Đổi tên tệp", date="2025-07-01T08:00:00+07:00")
    # 6. a product given an `id`: its address was made from its name
    with (root / RENAMED).open("a", encoding="utf-8") as f:
        f.write("id: gia-treo-khan-tam\n")
    git(root, "commit", "-q", "-am", "Đặt mã", date="2025-08-01T08:00:00+07:00")
    return root


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest, repo: Path, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[tuple[Path, str]]:
    with module_folder(request, tmp_path_factory, "history-site") as work:
        code, err = build(repo, work / "site")
        assert code == 0, err
        yield work / "site", err


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_change_with_a_note_is_listed_and_dated(built):
    site, err = built
    assert "Git" not in err  # a full repository: nothing to say
    html = page(site, "san-pham/banh-chung-ba-ba-hoi/")
    assert 'Đăng trên cổng ngày <time datetime="2025-01-10">10/01/2025</time>' in html
    assert 'Cập nhật lần cuối <time datetime="2025-03-05">05/03/2025</time>' in html
    history = html[html.index('id="lich-su"'):]
    history = history[:history.index("</section>")]
    assert "Đăng lần đầu trên cổng ngày 10/01/2025" in history
    items = re.findall(r'<li id="(thay-doi-[^"]+)"><time datetime="([^"]+)">[^<]+</time>: ([^<\n]+)', history)
    assert [(d, note) for _, d, note in items] == [("2025-03-05", "Bổ sung mô tả sản phẩm")]


def test_an_edit_without_a_note_only_moves_the_date(built):
    site, _ = built
    html = page(site, "san-pham/banh-dua-nuong-me-den-quy-thu/")
    assert 'Cập nhật lần cuối <time datetime="2025-04-01">01/04/2025</time>' in html
    assert 'id="lich-su"' not in html and "Lịch sử thay đổi" not in html


def test_an_untouched_item_was_updated_when_published(built):
    site, _ = built
    html = page(site, "van-ban/11-2025-nq-hdnd/")
    assert 'Cập nhật lần cuối <time datetime="2025-01-10">10/01/2025</time>' in html and 'id="lich-su"' not in html


def test_a_legal_texts_change_shows_exactly_the_field_and_words(built):
    site, _ = built
    html = page(site, "van-ban/08-2024-nq-hdnd/")
    history = html[html.index('id="lich-su"'):html.index("</section>", html.index('id="lich-su"'))]
    assert "Sửa trích yếu theo văn bản gốc" in history
    fields = re.findall(r"<dt>([^<]+)</dt>", history)
    assert fields == ["Trích yếu: đã sửa"]
    dd = re.search(r"<dd>(.*?)</dd>", history, re.S)[1]
    assert re.findall(r"<ins><span class=\"kc-sr-only\">\[thêm: </span>(.*?)<span", dd) == ["nội dung và "]
    assert "<del>" not in dd  # nothing was removed
    plain = re.sub(r"<span class=\"kc-sr-only\">.*?</span>|<[^>]+>", "", dd)
    assert plain == ("Quy định nội dung và mức chi cho hoạt động khuyến công trên địa bàn tỉnh Đồng Tháp "
                     "(diễn đạt theo nguồn)")


def test_a_support_levels_change_shows_the_old_and_new_amount(built):
    site, _ = built
    html = page(site, "muc-ho-tro/")
    history = html[html.index('id="lich-su"'):html.index("</section>", html.index('id="lich-su"'))]
    assert history.count("<li id=") == 1 and "Nâng mức hỗ trợ thành lập doanh nghiệp" in history
    dd = re.search(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", history, re.S)
    assert dd[1] == "Mức hỗ trợ tối đa: đã sửa"
    # a short value is shown whole, as the page writes money: before → after
    assert re.findall(r"<del>.*?\[trước: </span>(.*?)<span", dd[2]) == ["10 triệu đồng"]
    assert re.findall(r"<ins>.*?\[nay: </span>(.*?)<span", dd[2]) == ["12 triệu đồng"]
    assert re.sub(r"<span class=\"kc-sr-only\">.*?</span>|<[^>]+>", "", dd[2]) == "10 triệu đồng → 12 triệu đồng"


def test_a_noted_change_is_an_update_in_the_section_and_province_feeds(built):
    site, _ = built
    for feed in ("feeds/san-pham.json", "feeds/tinh-thanh/da-nang.json"):
        items = json.loads((site / feed).read_text(encoding="utf-8"))["items"]
        updates = [i for i in items if i["title"] == "Cập nhật: Bánh chưng bà Ba Hội"]
        assert len(updates) == 1, feed
        assert updates[0]["id"].endswith("/san-pham/banh-chung-ba-ba-hoi/#thay-doi-2025-03-05-" + updates[0]["id"][-7:])
        assert updates[0]["summary"] == "Bổ sung mô tả sản phẩm"
        assert updates[0]["date_published"].startswith("2025-03-05")
    rss = (site / "feeds/san-pham.rss.xml").read_text(encoding="utf-8")
    assert rss.count("<title>Cập nhật: Bánh chưng bà Ba Hội</title>") == 1
    # the minor edit is no entry of its own
    assert "Cập nhật: Bánh dừa" not in rss


def test_a_renamed_news_file_leaves_a_redirect(built, repo):
    site, _ = built
    old, new = "tin-tuc/2025-07-26-dak-lak-muc-chi-moi-khuyen-cong/", "tin-tuc/2025-07-26-dak-lak-ap-dung-muc-chi-moi/"
    assert (site / new / "index.html").is_file()
    moved = page(site, old)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', moved)[1]
    assert canonical.startswith("http") and canonical.endswith("/" + new)
    here = "../2025-07-26-dak-lak-ap-dung-muc-chi-moi/"  # from the old folder, beside it
    assert f'<meta http-equiv="refresh" content="0; url={here}">' in moved
    assert f'<a href="{here}">' in moved and 'name="robots" content="noindex"' in moved
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert old not in sitemap and new in sitemap


def test_an_item_given_an_id_leaves_a_redirect_from_the_address_its_name_gave(built):
    site, _ = built
    assert (site / "san-pham/gia-treo-khan-tam/index.html").is_file()
    moved = page(site, "san-pham/gia-treo-khan/")
    assert '<meta http-equiv="refresh" content="0; url=../gia-treo-khan-tam/">' in moved


@pytest.mark.skipif(not INSTALLED, reason="nginx and Caddy are not installed")
@pytest.mark.parametrize("kind", SERVERS)
def test_servers_answer_an_old_address_with_301(kind, repo, built, tmp_path):
    site, _ = built
    with running(kind, repo, site, tmp_path) as port:
        for path in ("/tin-tuc/2025-07-26-dak-lak-muc-chi-moi-khuyen-cong/",
                     "/tin-tuc/2025-07-26-dak-lak-muc-chi-moi-khuyen-cong"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.status == 301, (kind, path)
            assert response.getheader("Location").endswith("/tin-tuc/2025-07-26-dak-lak-ap-dung-muc-chi-moi/")
            conn.close()


@pytest.fixture
def shallow(repo: Path, tmp_path: Path) -> Iterator[Path]:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True,
                   capture_output=True)
    yield clone


def test_a_shallow_clone_builds_and_says_once_what_it_cannot_show(shallow, tmp_path):
    code, err = build(shallow, tmp_path / "site")
    assert code == 0, err
    assert err.count("bản sao nông") == 1 and "Traceback" not in err
    html = page(tmp_path / "site", "san-pham/banh-chung-ba-ba-hoi/")
    assert "Cập nhật lần cuối" not in html and 'id="lich-su"' not in html


def test_a_copy_without_git_builds_and_says_so_once(tmp_path):
    root = copy_portal(tmp_path / "portal")
    code, err = build(root, tmp_path / "site")
    assert code == 0, err
    assert err.count("không nằm trong kho Git") == 1


def test_an_alias_redirects_and_one_on_a_live_address_is_refused_at_its_line(tmp_path, capsys):
    root = copy_portal(tmp_path / "portal")
    with (root / PRODUCT).open("a", encoding="utf-8") as f:
        f.write("aliases:\n  - /san-pham/banh-chung-cu/\n  - /van-ban/08-2024-nq-hdnd/\n  - /feeds/tin-tuc.rss.xml\n")
    lines = (root / PRODUCT).read_text(encoding="utf-8").splitlines()
    at = lines.index("  - /van-ban/08-2024-nq-hdnd/") + 1
    code = main(["--root", str(root), "check", "--fast"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert (f"{PRODUCT}:{at}:5: aliases[1]: địa chỉ cũ '/van-ban/08-2024-nq-hdnd/' đang là địa chỉ của "
            f"{LEGAL}:3") in err
    assert f"{PRODUCT}:{at + 1}:5: aliases[2]: địa chỉ cũ '/feeds/tin-tuc.rss.xml/' đang là địa chỉ của /feeds/" in err
    assert "banh-chung-cu" not in err
    # without the two wrong lines, the old address leads to the product
    (root / PRODUCT).write_text("\n".join(lines[:at - 1]) + "\n", encoding="utf-8")
    code, err = build(root, tmp_path / "site")
    assert code == 0, err
    moved = (tmp_path / "site/san-pham/banh-chung-cu/index.html").read_text(encoding="utf-8")
    assert '<a href="../banh-chung-ba-ba-hoi/">' in moved


def test_every_narrowed_list_has_a_feed_with_its_changes(built):
    """Follow any list: a need's answer, a unit's answer, a list of legal texts; each page advertises its feed."""
    site, _ = built

    def advertised(url: str) -> list[str]:
        return re.findall(r'<link rel="alternate feed" type="application/rss\+xml" title="[^"]*" href="([^"]+)">',
                          page(site, url))

    feed = json.loads((site / "feeds/ho-tro/nang-cao-quan-ly.json").read_text(encoding="utf-8"))
    updates = [i for i in feed["items"] if i["title"].startswith("Cập nhật: ")]
    assert [u["summary"] for u in updates] == ["Nâng mức hỗ trợ thành lập doanh nghiệp"]
    anchor = updates[0]["url"].split("#")[1]
    assert updates[0]["url"].split("#")[0].endswith("/muc-ho-tro/") and f'id="{anchor}"' in page(site, "muc-ho-tro/")
    assert advertised("ho-tro/nang-cao-quan-ly/") == ["../../feeds/ho-tro/nang-cao-quan-ly.rss.xml"]
    # a unit with nothing of its own for this need follows the national answer; a former unit, its unit
    own = {p.stem for p in (site / "feeds/ho-tro/nang-cao-quan-ly").glob("*.json")}
    plain = next(p for p in ("lai-chau", "dien-bien", "cao-bang") if p not in own)
    assert advertised(f"ho-tro/nang-cao-quan-ly/{plain}/") == ["../../../feeds/ho-tro/nang-cao-quan-ly.rss.xml"]
    need, unit = sorted((p.parent.name, p.stem) for p in (site / "feeds/ho-tro").glob("*/*.json"))[0]
    assert advertised(f"ho-tro/{need}/{unit}/") == [f"../../../feeds/ho-tro/{need}/{unit}.rss.xml"]
    assert advertised(f"ho-tro/{need}/") == [f"../../feeds/ho-tro/{need}.rss.xml"]
    # a list of legal texts: its feed holds exactly the texts it lists
    listed = set(re.findall(r'<a class="kc-card__title" href="\.\./\.\./([^/"]+)/"',
                            page(site, "van-ban/loai/nghi-dinh/")))
    items = json.loads((site / "feeds/van-ban/loai/nghi-dinh.json").read_text(encoding="utf-8"))["items"]
    assert listed and {i["url"].rstrip("/").rsplit("/", 1)[1] for i in items} == listed
    assert advertised("van-ban/loai/nghi-dinh/") == ["../../../feeds/van-ban/loai/nghi-dinh.rss.xml"]


def test_two_builds_of_the_repository_are_byte_identical(built, repo, tmp_path):
    """Dates come from commits, never the clock: a clone elsewhere, built by a fresh process with another
    hash seed, gives the same bytes in every file, history, feeds' updates and redirect pages included."""
    import sys

    site, _ = built
    clone = tmp_path / "elsewhere" / "portal"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clone)], check=True, capture_output=True)
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(clone), "build", "--site-dir", str(out),
                          "--build-date", BUILD_DATE], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).resolve().parent.parent)
    assert run.returncode == 0, run.stderr
    first = {p.relative_to(site): p for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(out): p for p in out.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(k) for k in first if first[k].read_bytes() != second[k].read_bytes()] == []
    assert 'id="lich-su"' in (out / "san-pham/banh-chung-ba-ba-hoi/index.html").read_text(encoding="utf-8")


def test_an_earlier_version_that_is_no_longer_yaml_the_portal_reads_is_passed_over(tmp_path):
    """The earlier versions in Git's history are read as the portal reads its files (yamlio.py):
    one nested 40,000 deep (which crashed libyaml's loader: the build died of a segmentation
    fault), one with a value its tag cannot be (`!!bool maybe`: a traceback), one of aliases that
    multiply (a billion laughs). Each is passed over: the build succeeds, and the product's history
    is listed from its first commit. In a process of its own, which a crash would end."""
    root = copy_portal(tmp_path / "portal")
    git(root, "init", "-q", "-b", "main")
    path = root / PRODUCT
    good = path.read_text(encoding="utf-8")
    laughs = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"
                     for i in range(1, 9))
    for n, bad in enumerate(("nested: " + "[" * 40000 + "]" * 40000 + "\n", "done: !!bool maybe\n",
                             "l0: &l0 [a, b, c]\n" + laughs)):
        path.write_text(good + bad, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"Phiên bản {n}", date=f"2025-0{n + 1}-05T10:00:00+07:00")
    path.write_text(good.replace("year: 2021", "year: 2021\ndescription: Bánh gói bằng lá dong."), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Sửa\n\nGhi-chu-thay-doi: Bổ sung mô tả", date="2025-06-01T08:00:00+07:00")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date", BUILD_DATE,
                           "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "KHUYENCONG_MARKDOWN_STORE": str(tmp_path / "store")})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    html = page(tmp_path / "site", "san-pham/banh-chung-ba-ba-hoi/")
    assert 'Đăng trên cổng ngày <time datetime="2025-01-05">05/01/2025</time>' in html
    history = html[html.index('id="lich-su"'):]
    items = re.findall(r'<li id="thay-doi-[^"]+"><time datetime="([^"]+)">[^<]+</time>: ([^<\n]+)', history)
    assert items == [("2025-06-01", "Bổ sung mô tả")]
