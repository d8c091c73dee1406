"""The links of a list page (sort, pages, exports) keep its search and filters."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from core.web.listing import PER_PAGE, ListQuery
from core.web.routes.common import FilteredQuery, ServicePage

pytestmark = pytest.mark.sqlite_only


def test_a_list_query_links_to_other_pages_and_sorts() -> None:
    query = ListQuery("bakker & zn", "name", True, 3, 50)
    assert query.params() == "?q=bakker+%26+zn&sort=-name&page=3&per_page=50"
    assert query.params(page=4) == "?q=bakker+%26+zn&sort=-name&page=4&per_page=50"
    assert query.sort_params("name") == "?q=bakker+%26+zn&sort=name&per_page=50"
    assert query.sort_params("city") == "?q=bakker+%26+zn&sort=city&per_page=50"
    assert ListQuery().params() == "?" and ListQuery(page=2).params() == "?page=2"
    assert ListQuery(per_page=PER_PAGE).params(q="é") == "?q=%C3%A9"
    with pytest.raises(TypeError):
        query.params(colour="red")


def test_a_filtered_list_keeps_its_filters_in_every_link() -> None:
    base = ListQuery("gent", "date", True, 2)
    query = FilteredQuery(base, (("state", "open"), ("period", ""), ("tag", "a&b"),
                                 ("tag", "vip")))
    page = ServicePage(list(range(PER_PAGE)), 2000, query, exact=False)
    assert page.has_previous and page.has_next
    for link in (query.params(page=1), query.params(page=3), query.sort_params("total")):
        values = parse_qsl(link[1:])
        assert values[0] == ("q", "gent")
        assert values[-3:] == [("state", "open"), ("tag", "a&b"), ("tag", "vip")]
    assert query.sort_params("date") == "?q=gent&sort=date&state=open&tag=a%26b&tag=vip"
    assert FilteredQuery(ListQuery(), (("state", "open"),)).params() == "?state=open"
    assert FilteredQuery(ListQuery(), (("state", ""),)).params() == "?"
    assert query.filter_params() == "q=gent&state=open&tag=a%26b&tag=vip&sort=-date"
