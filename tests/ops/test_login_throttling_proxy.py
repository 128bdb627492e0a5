"""Login throttling behind a reverse proxy: keyed on the account and the real client address.

TRUSTED_PROXY_COUNT proxies each append to X-Forwarded-For; the client is the entry that many hops from
the right (config/client_ip.py). The proxy itself is REMOTE_ADDR 10.0.0.1 in these tests.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from config.client_ip import client_ip
from tests.factories import UserFactory

LOGIN = "/dang-nhap/"
PROXY = "10.0.0.1"
ATTACKER = "203.0.113.5"
REAL_USER = "198.51.100.7"
RIGHT = "matkhau-thu-nghiem"
WRONG = "sai-mat-khau"
LOCKED_PAGE = "Tài khoản tạm thời bị khoá đăng nhập"


def log_in(client, password, remote_addr, forwarded_for=None, username="nhanvien"):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def assert_locked(response):
    assert response.status_code == 429
    assert LOCKED_PAGE in response.content.decode()


def assert_logged_in(client, response, user):
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.fixture
def user(db):
    return UserFactory(username="nhanvien")


def test_five_wrong_passwords_from_one_client_behind_the_proxy_do_not_lock_out_another(
    client, settings, user
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for _ in range(4):
        assert log_in(attacker, WRONG, PROXY, ATTACKER).status_code == 200
    assert_locked(log_in(attacker, WRONG, PROXY, ATTACKER))
    # Locked for that client, even with the right password.
    assert_locked(log_in(attacker, RIGHT, PROXY, ATTACKER))
    assert AccessAttempt.objects.get().ip_address == ATTACKER

    # The real user, through the same proxy from another client, still gets in.
    assert_logged_in(client, log_in(client, RIGHT, PROXY, REAL_USER), user)


def test_a_forged_forwarded_for_in_front_of_the_proxy_entry_gains_nothing(client, settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    # The attacker sends "X-Forwarded-For: 198.51.100.7" (the real user's address); the proxy appends
    # the address it really sees.
    forged = f"{REAL_USER}, {ATTACKER}"
    for _ in range(4):
        assert log_in(attacker, WRONG, PROXY, forged).status_code == 200
    assert_locked(log_in(attacker, WRONG, PROXY, forged))
    assert AccessAttempt.objects.get().ip_address == ATTACKER

    # The attacker stays locked whatever it forges next, or without forging.
    assert_locked(log_in(attacker, RIGHT, PROXY, f"192.0.2.77, {ATTACKER}"))
    assert_locked(log_in(attacker, RIGHT, PROXY, f'192.0.2.77, ", {ATTACKER}'))
    assert_locked(log_in(attacker, RIGHT, PROXY, ATTACKER))

    # The real user is not locked out.
    assert_logged_in(client, log_in(client, RIGHT, PROXY, REAL_USER), user)


def test_without_a_proxy_forwarded_for_is_ignored(client, settings, user):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.DEBUG = False
    # The header order production gave django-ipware before; it must no longer decide anything.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    attacker = Client()
    for i in range(1, 5):
        assert log_in(attacker, WRONG, ATTACKER, f"192.0.2.{i}").status_code == 200
    assert_locked(log_in(attacker, WRONG, ATTACKER, "192.0.2.5"))
    assert_locked(log_in(attacker, RIGHT, ATTACKER, REAL_USER))
    assert_locked(log_in(attacker, RIGHT, ATTACKER))
    assert AccessAttempt.objects.get().ip_address == ATTACKER

    # Another address logs in, whatever X-Forwarded-For it sends.
    assert_logged_in(client, log_in(client, RIGHT, REAL_USER, ATTACKER), user)


def address(settings, count, forwarded_for, remote_addr=PROXY):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        # No proxy: REMOTE_ADDR only.
        (0, None, PROXY),
        (0, ATTACKER, PROXY),
        # One proxy: the right-most entry, whatever the client put in front of it.
        (1, ATTACKER, ATTACKER),
        (1, f"{REAL_USER}, {ATTACKER}", ATTACKER),
        (1, f'{REAL_USER}, ", {ATTACKER}', ATTACKER),  # a quote must not swallow the proxy's entry
        (1, f"nonsense, {ATTACKER}", ATTACKER),
        (1, "[2001:db8::5]:4711", "2001:db8::5"),
        # Two proxies: the second from the right; the right-most is the first proxy.
        (2, f"{REAL_USER}, {ATTACKER}, 10.0.0.2", ATTACKER),
        # Fewer entries than proxies, none, or no address where the client should be: REMOTE_ADDR.
        (2, ATTACKER, PROXY),
        (1, None, PROXY),
        (1, "", PROXY),
        (1, f"{REAL_USER}, unknown", PROXY),
        (2, f"{REAL_USER}, unknown, 10.0.0.2", PROXY),
    ],
)
def test_the_client_address_is_taken_from_the_trusted_end_of_forwarded_for(
    settings, count, forwarded_for, expected
):
    assert address(settings, count, forwarded_for) == expected


def test_a_100_kb_username_is_recorded_within_axes_columns(client, db):
    """Django's login form checks no length; on PostgreSQL the failed attempt overflowed varchar(255)."""
    from axes.models import AccessAttempt

    response = client.post("/dang-nhap/", {"username": "a" * 100_000, "password": "b" * 1000})

    assert response.status_code == 200
    (attempt,) = AccessAttempt.objects.all()
    assert attempt.username == "a" * 150
