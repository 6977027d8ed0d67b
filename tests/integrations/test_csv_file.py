from tandem.integrations.sources import CsvLimits, Problem, read_jira_csv, read_mapped_csv


def read(data: bytes | str, **limits: int):  # type: ignore[no-untyped-def]
    return read_mapped_csv(data, {"title": "Title"}, filename="f.csv", limits=CsvLimits(**limits))


def test_an_unterminated_quote_is_refused_with_the_line_it_opens_on() -> None:
    result = read('Title\nFirst\n"Second\nThird\n')
    assert result.problems == (
        Problem(
            "f.csv",
            "line 3",
            "",
            'a quoted cell starts on this line and is never closed (a missing ")',
        ),
    )
    assert [issue.title for issue in result.issues] == ["First"]


def test_quoted_cells_may_span_lines_and_hold_quotes_and_delimiters() -> None:
    result = read('Title,Other\n"Two\nlines, ""quoted""",x\nNext,y\n')
    assert [issue.title for issue in result.issues] == ['Two\nlines, "quoted"', "Next"]
    assert result.problems == ()


def test_text_right_after_a_closing_quote_is_a_problem_and_reading_goes_on() -> None:
    result = read('Title\n"a"b\nGood\n')
    assert result.problems[0].record == "line 2"
    assert [issue.title for issue in result.issues] == ["Good"]


def test_a_file_over_the_byte_cap_is_refused_whole() -> None:
    result = read(b"Title\n" + b"x\n" * 100, max_bytes=50)
    assert result.problems[0].record == "file"
    assert "the limit is" in result.problems[0].message
    assert result.issues == ()


def test_a_cell_over_the_cell_cap_names_its_line_and_column() -> None:
    result = read("Title\n" + "y" * 30 + "\n", max_cell=20)
    assert result.problems == (
        Problem("f.csv", "line 2", "Title", "is 30 characters long; the limit is 20"),
    )


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte() -> None:
    result = read(b"Title\nCaf\xe9\n")
    assert result.problems[0].record == "line 2"
    assert "not UTF-8" in result.problems[0].message


def test_a_byte_order_mark_is_not_part_of_the_first_column() -> None:
    assert read("\ufeffTitle\nFirst\n".encode()).issues[0].title == "First"


def test_tabs_and_bars_are_detected_as_delimiters() -> None:
    assert read("Title\tOther\nA\tB\n").issues[0].title == "A"
    assert read("Other|Title\nB|A\n").issues[0].title == "A"


def test_formula_like_cells_are_read_exactly_as_written() -> None:
    assert read("Title\n=SUM(A1:A2)\n").issues[0].title == "=SUM(A1:A2)"


def test_a_row_with_more_cells_than_the_header_is_a_problem() -> None:
    result = read("Title\nA,extra\n")
    assert result.problems == (
        Problem("f.csv", "line 2", "", "has 2 cells but the header names 1 columns"),
    )


def test_an_empty_file_is_a_problem() -> None:
    result = read_jira_csv(b"", filename="empty.csv")
    assert result.problems == (
        Problem("empty.csv", "file", "", "is empty; the first line names the columns"),
    )
