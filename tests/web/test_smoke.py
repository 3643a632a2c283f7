def test_home_page_answers_without_a_conference(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_api_refuses_a_mutation_without_a_role(client):
    response = client.post("/api/v1/participants", json={"name_fr": "Chine", "kind": "member_state"})
    assert response.status_code == 400  # no bearer token: the browser path, which needs a CSRF token
    assert "CSRF" in response.get_json()["error"]
