"""Reading articles as scraped: metadata, boilerplate, encodings, bad inputs."""

from __future__ import annotations

import json
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
    ],
)
def test_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_is_not_boilerplate() -> None:
    assert not is_boilerplate("لتقى المشير خليفة حفتر، القائد العام لـ«الجيش الوطني» الليبي، بمقره")


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
