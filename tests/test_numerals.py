import pytest

from regkb import numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十六", 36), ("一百零五", 105), ("一百一十", 110)],
)
def test_parse_and_format_round_trip(text: str, value: int) -> None:
    assert numerals.parse(text) == value
    assert numerals.format(value) == text


def test_every_article_number_up_to_300_round_trips() -> None:
    assert all(numerals.parse(numerals.format(n)) == n for n in range(1, 301))


def test_rejects_non_numerals() -> None:
    with pytest.raises(ValueError):
        numerals.parse("第三")
