from django.core.cache import cache

from balatkop.ratelimit import rate_limit_exceeded
from balatkop.whatsapp import phone_to_international, whatsapp_link


def test_indonesian_numbers_are_normalised_to_62():
    assert phone_to_international("0812-3456-7890") == "6281234567890"
    assert phone_to_international("+62 812 3456 7890") == "6281234567890"
    assert phone_to_international("6281234567890") == "6281234567890"
    assert phone_to_international("81234567890") == "6281234567890"
    assert phone_to_international("0812") == ""
    assert phone_to_international("") == ""


def test_whatsapp_link_carries_the_text_encoded():
    link = whatsapp_link("0812 3456 7890", "Yth. Ibu Siti, Angkatan 1 & 2")
    assert link == "https://wa.me/6281234567890?text=Yth.%20Ibu%20Siti%2C%20Angkatan%201%20%26%202"
    assert whatsapp_link("", "x") == ""


def test_rate_limit_allows_the_limit_then_refuses():
    cache.clear()
    results = [
        rate_limit_exceeded(scope="t", key="1.2.3.4", limit=3, window_seconds=60) for _ in range(5)
    ]
    assert results == [False, False, False, True, True]
    assert not rate_limit_exceeded(scope="t", key="5.6.7.8", limit=3, window_seconds=60)
