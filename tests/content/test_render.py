from lms.content.render import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("## Heading\n\nSome **bold** text.\n\n- one\n- two\n")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_raw_html_and_scripts_are_neutralised():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "<img" not in html


def test_dangerous_links_are_dropped_and_safe_ones_kept():
    html = render_markdown("[bad](javascript:alert(1)) and [good](https://www.ilo.org)")
    assert 'href="javascript' not in html
    assert 'href="https://www.ilo.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_no_inline_styles_survive():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert "style=" not in html
