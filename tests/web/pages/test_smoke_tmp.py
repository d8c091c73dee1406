from conftest import title_of


def test_smoke(tenant, client_of, make_customer, make_invoice):
    cid = make_customer(tenant, "Bakkerij Peeters", email="info@peeters.be")
    draft = make_invoice(tenant, cid)
    posted = make_invoice(tenant, cid, post=True)
    client = client_of(tenant)
    for url in ("/", "/customers", f"/customers/{cid}", f"/customers/{cid}/edit", "/customers/new",
                "/customers/import", f"/customers/{cid}/merge", "/documents/invoice",
                "/documents/credit_note", f"/documents/{draft}", f"/documents/{posted}",
                "/documents/invoice/new", f"/documents/{posted}/credit", f"/documents/{posted}/send",
                f"/documents/{draft}/post", f"/documents/{draft}/delete", f"/documents/{draft}/totals",
                "/customers/picker?customer_q=bak"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[-3000:])
        print(url, title_of(r.text) if "<title>" in r.text else "(fragment)")
