"""A line's words are remembered per text: each call still gives what splitting (and
lower-casing) the text gives, as a list of its own, on every line of every config the tests hold
and every shipped inventory's routers."""

from __future__ import annotations

from dmvpngen.parse import tree
from dmvpngen.parse.tree import lower_words, words
from tests.parse.reference_corpus import every_config


def test_same_words_as_splitting_on_every_line() -> None:
    texts = {line.strip() for _, text in every_config() for line in text.split("\n")}
    texts |= {"", " ", "\t", "A  B\tc", "\u00c9TAT Interface"}
    assert len(texts) > 3000
    for _ in range(2):  # a miss, then a hit
        for text in texts:
            assert words(text) == (text.split() or [""]), text
            assert lower_words(text) == [x.lower() for x in (text.split() or [""])], text


def test_every_call_gets_a_list_of_its_own() -> None:
    first = words("ip address 10.0.0.1 255.255.255.0")
    first.append("changed")
    first[0] = "no"
    assert words("ip address 10.0.0.1 255.255.255.0") == [
        "ip",
        "address",
        "10.0.0.1",
        "255.255.255.0",
    ]
    low = lower_words("Interface Tunnel0")
    low.clear()
    assert lower_words("Interface Tunnel0") == ["interface", "tunnel0"]


def test_the_memory_stays_bounded() -> None:
    for n in range(tree._WORDS_MAX + 10):
        words(f"ip route 10.{n >> 16}.{(n >> 8) & 255}.{n & 255} 255.255.255.255 Null0")
        lower_words(f"x {n}")
    assert len(tree._WORDS) <= tree._WORDS_MAX and len(tree._LOWER) <= tree._WORDS_MAX
