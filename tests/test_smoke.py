from tests.conftest import login
from tests.factories import PASSWORD, make_user


def test_home_is_danish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="da"' in response.get_data(as_text=True)


def test_login_and_logout(client, app_ctx):
    user = make_user(pseudonym="Mette")
    response = login(client, "Mette", PASSWORD)
    assert response.status_code == 302
    assert client.get("/konto/profil").status_code == 200
    assert user.email in client.get("/konto/profil").get_data(as_text=True)
