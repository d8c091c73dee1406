"""The import wizards (customers, products, price lists) read the column choices alike."""

from __future__ import annotations

from core.importing import ImportField, chosen_mapping

FIELDS = [ImportField("code", "Code"), ImportField("name", "Name")]


def test_each_column_names_the_field_it_feeds():
    posted = {"column_0": "name", "column_1": "", "column_2": "code", "column_3": "name",
              "column_4": "price", "col.5": "code"}
    assert chosen_mapping(posted, 6, FIELDS) == {0: "name", 2: "code"}
    assert chosen_mapping({}, 3, FIELDS) == {}
