"""Reading articles as scraped: metadata, boilerplate, encodings, bad inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.errors import ArticleError
from kg.model import Article
from kg.read import (
    decode_bytes,
    is_boilerplate,
    iter_articles,
    parse_dateline,
    read_article,
)

SAMPLE = {
    "000_2a849f42f2125fbf.txt": (
        "أوج",
        "طرابلس",
        "لإندبندت تكشف عن لقاءات بين فصائل من مصراتة وقوات الكرامة لتجنيب مدينتهم ويلات الحرب",
    ),
    "001_ec81cedba57e5876.txt": (
        "أوج",
        "طرابلس",
        "مسؤول عسكري في الكرامة: نطور هجومنا استعدادا لاقتحام العاصمة",
    ),
    "002_6180295ae112573a.txt": ("يافع نيوز", None, "حفتر يلتقي وفداً أميركياً لبحث وقف النار"),
    "003_6c20427af2e36eef.txt": (None, None, "“الوفاق” تطرد \u00a0قوات حفتر من منطقة جنوب مصراتة"),
    "004_30e7cbf137371a0a.txt": (
        "أوج",
        "بنغازي",
        "عمليات الكرامة تعلن عن تواصل قادة الميليشيات معها للتوصل"
        " لاتفاقات فردية تعفيهم من الملاحقة",
    ),
}

BOILERPLATE = [
    "الرئيسية » الدولي »",
    "مقالات ذات صلة",
    "اترك تعليقاً",
    "زر الذهاب إلى الأعلى",
    "ربما تحتوي الصورة على",
    "شاهد أيضاً",
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "إعجاب تحميل",
    "ارسل لصديق نسخة للطباعة",
    "المغرب: تقرير رسمي يصف احتكار أخنوش",  # the "see also" teaser after شاهد أيضاً
    "\nإغلاق",
    "\nالوسوم",
]


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_sample_metadata(articles_dir: Path, name: str) -> None:
    outlet, dateline, title = SAMPLE[name]
    art = read_article(articles_dir / name)
    assert art.outlet == outlet
    assert art.dateline == dateline
    assert art.title == title
    assert art.text.startswith(title)


@pytest.mark.parametrize("name", sorted(SAMPLE))
@pytest.mark.parametrize("junk", BOILERPLATE)
def test_no_boilerplate_left(articles_dir: Path, name: str, junk: str) -> None:
    assert junk not in read_article(articles_dir / name).text


def test_body_is_kept_whole(articles_dir: Path) -> None:
    text = read_article(articles_dir / "002_6180295ae112573a.txt").text
    # A paragraph full of «guillemets» is not a breadcrumb.
    assert text.split("\n")[1].startswith("لتقى المشير خليفة حفتر")
    assert text.endswith("وشدد على ضرورة التوزيع العادل لعوائد النفط على كل الليبيين بإشراف دولي.")
    last = read_article(articles_dir / "003_6c20427af2e36eef.txt").text
    assert last.endswith("فضلا عن غلق موانئ وحقول نفط بالبلاد.")


def test_article_id_is_a_stable_hash_of_the_text(articles_dir: Path) -> None:
    a = read_article(articles_dir / "000_2a849f42f2125fbf.txt")
    b = read_article(articles_dir / "000_2a849f42f2125fbf.txt")
    assert a.id == b.id == Article.make_id(a.text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("أوج – طرابلس", ("أوج", "طرابلس")),
        ("يافع نيوز – وكالات", ("يافع نيوز", None)),
        ("بوابة الوسط - بنغازي", ("بوابة الوسط", "بنغازي")),
        ("وقال الدبلوماسي، في تصريحات لصحيفة – وكالات الأنباء العالمية اليوم", None),
        ("كشف مصدر دبلوماسي من طرابلس", None),
    ],
)
def test_parse_dateline(line: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "الرئيسية » الدولي » عنوان",
        "مقالات ذات صلة",
        "اترك تعليقاً",
        "ربما تحتوي الصورة على: شخص واحد",
        "رئيس مجلس الإدارة :محمود سالم || رئيس التحرير :كمال عيد",
        "رئيس التحرير: سامي فؤاد 03:20 صباحاً | الجمعة 16 نوفمبر 2018 م",
    ],
)
def test_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_is_not_boilerplate() -> None:
    assert not is_boilerplate("لتقى المشير خليفة حفتر، القائد العام لـ«الجيش الوطني» الليبي، بمقره")
    # an editor named in a sentence is news, not the masthead
    assert not is_boilerplate("وقال رئيس التحرير إن الصحيفة تلقت تهديدات من الميليشيات")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_encodings_read_to_identical_text(
    tmp_path: Path, articles_dir: Path, encoding: str
) -> None:
    original = articles_dir / "000_2a849f42f2125fbf.txt"
    raw = original.read_text(encoding="utf-8")
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_bytes(raw.encode(encoding))
    assert read_article(copy).text == read_article(original).text


def test_crlf_line_endings(tmp_path: Path, articles_dir: Path) -> None:
    original = articles_dir / "004_30e7cbf137371a0a.txt"
    copy = tmp_path / "crlf.txt"
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    assert read_article(copy).text == read_article(original).text


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path, articles_dir: Path) -> None:
    for src in sorted(articles_dir.glob("*.txt"))[:2]:
        (tmp_path / src.name).write_bytes(src.read_bytes())
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("\n\n   \n", encoding="utf-8")
    (tmp_path / "english.txt").write_text("This is an English article.\n" * 5, encoding="utf-8")
    (tmp_path / "furniture.txt").write_text("مقالات ذات صلة\nاترك تعليقاً\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("café crème brûlée ".encode("latin-1") * 20)
    results = list(iter_articles([tmp_path]))
    good = [r for r in results if isinstance(r, Article)]
    bad = {Path(r.source).name: r.reason for r in results if isinstance(r, ArticleError)}
    assert len(good) == 2
    assert set(bad) == {
        "binary.txt",
        "empty.txt",
        "blank.txt",
        "english.txt",
        "furniture.txt",
        "latin1.txt",
    }
    assert "binary" in bad["binary.txt"]
    assert "empty" in bad["empty.txt"]
    assert "no Arabic" in bad["english.txt"]
    assert "empty article" in bad["furniture.txt"]


def test_decode_rejects_binary() -> None:
    with pytest.raises(ArticleError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "img.txt")


def test_missing_path_is_reported() -> None:
    (result,) = list(iter_articles(["/no/such/article.txt"]))
    assert isinstance(result, ArticleError)
    assert "no such file" in str(result)


def test_jsonl_records(tmp_path: Path, articles_dir: Path) -> None:
    text = (articles_dir / "000_2a849f42f2125fbf.txt").read_text(encoding="utf-8")
    records = [
        {
            "id": "a1",
            "url": "https://example.org/a1",
            "outlet": "بوابة الوسط",
            "date": "2019-09-01T10:00:00",
            "title": "عنوان من البيانات الوصفية",
            "text": text,
        },
        {"id": "a2", "text": ""},
        "not a record",
    ]
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{broken json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(iter_articles([path]))
    art = results[0]
    assert isinstance(art, Article)
    assert art.outlet == "بوابة الوسط"  # metadata wins over the dateline
    assert art.date == "2019-09-01"
    assert art.url == "https://example.org/a1"
    assert art.title == "عنوان من البيانات الوصفية"
    errors = [r for r in results[1:] if isinstance(r, ArticleError)]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>قوات الكرامة تقصف قاعدة مصراتة الجوية | بوابة الوسط</title>
<meta property="og:site_name" content="بوابة الوسط">
<meta property="og:title" content="قوات الكرامة تقصف قاعدة مصراتة الجوية">
<meta property="article:published_time" content="2019-08-18T09:30:00+02:00">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/libya">ليبيا</a> <a href="/world">العالم</a></nav>
<article><h1>قوات الكرامة تقصف قاعدة مصراتة الجوية</h1>
<p>أعلن آمر غرفة عمليات سلاح الجو بقوات الكرامة، اللواء محمد منفور، استهداف مواقع في قاعدة مصراتة
الجوية بثلاث عشرة غارة جوية، مؤكدا أنها كانت إصابات دقيقة وناجحة وفق ما نقلته وسائل إعلام محلية.</p>
<p>وتوعدت مليشيا الصمود التي يقودها صلاح بادي بالرد على عمليات القصف التي شنتها قوات الكرامة على
القاعدة، في بيان مقتضب نشره المكتب الإعلامي للمليشيا اليوم الأحد على صفحته الرسمية.</p>
</article>
<footer>جميع الحقوق محفوظة © بوابة الوسط 2019</footer>
</body></html>"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    art = read_article(path)
    assert art.outlet == "بوابة الوسط"
    assert art.title == "قوات الكرامة تقصف قاعدة مصراتة الجوية"
    assert art.date == "2019-08-18"
    assert "توعدت مليشيا الصمود" in art.text
    assert "جميع الحقوق محفوظة" not in art.text
    assert "<p>" not in art.text


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HTML_PAGE, encoding="cp1256", errors="replace")
    art = read_article(path)
    assert "<p>" not in art.text
    assert "توعدت مليشيا الصمود" in art.text


# ---------------------------------------------------------------- what a careless user hands in


def test_links_that_lead_nowhere_are_named(tmp_path: Path, articles_dir: Path) -> None:
    """Issue 13, case 4: a broken link or a link loop is named for what it is, whether given
    by name or found inside a folder (it used to be "no such file" or nothing at all)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes((articles_dir / "000_2a849f42f2125fbf.txt").read_bytes())
    (corpus / "broken.txt").symlink_to(tmp_path / "moved-away.txt")
    (corpus / "loop_a.txt").symlink_to(corpus / "loop_b.txt")
    (corpus / "loop_b.txt").symlink_to(corpus / "loop_a.txt")
    (corpus / "again").symlink_to(corpus)  # a folder link back to where it is

    found = list(iter_articles([corpus]))
    bad = {Path(e.source).name: e.reason for e in found if isinstance(e, ArticleError)}
    titles = [a.title for a in found if isinstance(a, Article)]
    assert titles == [SAMPLE["000_2a849f42f2125fbf.txt"][2]]
    assert "broken symbolic link" in bad["broken.txt"] and "moved-away.txt" in bad["broken.txt"]
    assert "symbolic link loop" in bad["loop_a.txt"] and "symbolic link loop" in bad["loop_b.txt"]
    assert "already read" in bad["again"]
    for name in ("broken.txt", "loop_a.txt"):
        (named,) = list(iter_articles([corpus / name]))
        assert isinstance(named, ArticleError) and named.reason == bad[name]


def test_a_linked_folder_is_read(tmp_path: Path, articles_dir: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "samples").symlink_to(articles_dir)
    found = list(iter_articles([tmp_path / "corpus"]))
    assert len(found) == 5 and all(isinstance(a, Article) for a in found)


def test_a_pipe_or_device_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "feed.txt")  # reading it would wait forever
    (inside,) = list(iter_articles([tmp_path]))
    (named,) = list(iter_articles([tmp_path / "feed.txt"]))
    (device,) = list(iter_articles(["/dev/zero"]))  # reading it would never end
    for e in (inside, named, device):
        assert isinstance(e, ArticleError) and "not a regular file" in e.reason


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    (result,) = list(iter_articles([tmp_path]))
    assert isinstance(result, ArticleError) and "no article files" in result.reason


def test_stray_nul_bytes_are_removed_and_said(tmp_path: Path, articles_dir: Path) -> None:
    """Issue 13, case 7: an Arabic article with stray NUL bytes is read with them removed (it
    used to be dropped whole as "binary"), and the article says what was repaired."""
    original = articles_dir / "002_6180295ae112573a.txt"
    data = original.read_bytes()
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(data[:100] + b"\x00" + data[100:900] + b"\x00\x00" + data[900:])
    art = read_article(damaged)
    assert art.text == read_article(original).text
    assert art.notes == ("removed 3 NUL bytes",)
    assert read_article(original).notes == ()


def test_control_characters_are_removed_and_said(tmp_path: Path, articles_dir: Path) -> None:
    text = (articles_dir / "000_2a849f42f2125fbf.txt").read_text(encoding="utf-8")
    path = tmp_path / "controls.txt"
    path.write_text(text[:300] + "\x01\x1b" + text[300:] + "\x7f", encoding="utf-8")
    art = read_article(path)
    assert art.text == read_article(articles_dir / "000_2a849f42f2125fbf.txt").text
    assert art.notes == ("removed 3 control characters (U+0001, U+001B, U+007F)",)


def _record(tmp_path: Path, articles_dir: Path, **fields: object) -> Article | ArticleError:
    text = (articles_dir / "000_2a849f42f2125fbf.txt").read_text(encoding="utf-8")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": text, **fields}) + "\n", encoding="utf-8")
    (result,) = list(iter_articles([path]))
    return result


@pytest.mark.parametrize(("fields", "reason"), [
    ({"title": 5}, "field 'title' must be a string or null, not a number"),
    ({"outlet": ["أوج"]}, "field 'outlet' must be a string or null, not a list"),
    ({"url": {"href": "x"}}, "field 'url' must be a string or null, not an object"),
    ({"id": [1]}, "field 'id' must be a string or an integer, not a list"),
    ({"id": True}, "field 'id' must be a string or an integer, not a boolean"),
    ({"text": None}, "field 'text' must be a string, not null"),
])
def test_a_record_with_a_wrong_type_names_the_field(
        tmp_path: Path, articles_dir: Path, fields: dict[str, object], reason: str) -> None:
    result = _record(tmp_path, articles_dir, **fields)
    assert isinstance(result, ArticleError)
    assert result.reason == reason and result.source.endswith("one.jsonl:1")


def test_a_record_keeps_its_own_id(tmp_path: Path, articles_dir: Path) -> None:
    art = _record(tmp_path, articles_dir, id=20190815)
    assert isinstance(art, Article)
    assert art.record_id == "20190815" and art.id != art.record_id
    art = _record(tmp_path, articles_dir, id="awj-7781")
    assert isinstance(art, Article) and art.record_id == "awj-7781"
    assert _record(tmp_path, articles_dir).record_id is None  # type: ignore[union-attr]


def test_record_text_and_metadata_lose_what_no_output_can_hold(
        tmp_path: Path, articles_dir: Path) -> None:
    art = _record(tmp_path, articles_dir, title="عنوان\ud800 الخبر\x00", outlet="أوج\n")
    assert isinstance(art, Article)
    assert art.title == "عنوان الخبر" and art.outlet == "أوج"


@pytest.mark.parametrize(("date", "iso"), [
    ("٢٠١٩-٠٨-١٨", "2019-08-18"),  # Arabic-Indic digits
    ("2019-08-18T10:00:00+02:00", "2019-08-18"),
    ("2019-13-45", None),  # not a day of the calendar: left out, and said
])
def test_record_dates(tmp_path: Path, articles_dir: Path, date: str, iso: str | None) -> None:
    art = _record(tmp_path, articles_dir, date=date)
    assert isinstance(art, Article) and art.date == iso
    assert bool(art.notes) == (iso is None)


def test_a_file_name_that_is_not_utf8_can_still_be_named(tmp_path: Path,
                                                          articles_dir: Path) -> None:
    name = os.fsdecode(b"\xff\xfe-article.txt")
    (tmp_path / name).write_bytes((articles_dir / "000_2a849f42f2125fbf.txt").read_bytes())
    (art,) = list(iter_articles([tmp_path]))
    assert isinstance(art, Article)
    assert art.source.endswith("\\xff\\xfe-article.txt")
    art.source.encode("utf-8")  # printable and writable as it is
