"""The message catalogue (complete, placeholders kept, files fresh) and per-language text."""

from __future__ import annotations

import importlib.util
import json
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog

from geo import config, i18n, vocab
from geo.data import credits, text
from geo.data.selection import Filters, Layers, Summary, load_layers, select
from geo.errors import OptionError
from geo.vocab import LABELS, label

ROOT = Path(__file__).resolve().parent.parent


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def template() -> Catalog:
    """Every string marked in geo/ and app.py, extracted now."""
    catalog: Catalog = tool.extract()
    return catalog


@pytest.fixture(scope="module")
def spanish() -> Catalog:
    """The Spanish catalogue on disk."""
    catalog: Catalog = tool.read_catalog(tool.po_path("es"), locale="es")
    return catalog


@pytest.fixture(scope="module")
def layers() -> Layers:
    """The committed layers."""
    return load_layers(config.LAYERS_DIR)


# --- the catalogue ---------------------------------------------------------------------------

def test_every_marked_string_has_a_spanish_translation(template: Catalog,
                                                       spanish: Catalog) -> None:
    translated = {tool.msgid_key(m) for m in spanish if m.id and tool.is_translated(m)}
    missing = sorted(key for key in map(tool.msgid_key, template) if key
                     and key not in translated)
    assert missing == [], "untranslated (run python scripts/i18n.py, then translate the .po)"
    assert len(translated) >= len(LABELS)


def _placeholders(message: str) -> list[str]:
    brace = [f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(message)
             if name is not None]
    percent = re.findall(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]", message)
    return sorted(brace + percent)


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_translations_keep_the_placeholders_of_their_msgid(spanish: Catalog) -> None:
    differ = []
    for message in spanish:
        english = _forms(message.id)
        for index, form in enumerate(_forms(message.string)):
            if message.id and form and (_placeholders(form)
                                        != _placeholders(english[min(index, len(english) - 1)])):
                differ.append((message.id, form))
    assert differ == []


def test_placeholder_check_can_fail() -> None:
    assert _placeholders("{year}: {count} events") == ["{count}", "{year}"]
    assert _placeholders("%s de %(total)d") == ["%(total)d", "%s"]
    assert _placeholders("Hasta {año}") != _placeholders("As of {year}")


def test_the_catalogue_files_on_disk_are_fresh() -> None:
    stale = [path.relative_to(ROOT).as_posix() for path, data in tool.refreshed().items()
             if not path.is_file() or path.read_bytes() != data]
    assert stale == [], "run python scripts/i18n.py and commit geo/locale"


def test_extraction_finds_every_marker_form(tmp_path: Path) -> None:
    source = tmp_path / "geo" / "sample.py"
    source.parent.mkdir()
    source.write_text('A = N_("Alpha")\nb = gettext("Beta {year}", lang=lang)\n'
                      'c = _("Gamma %s")\nd = gettext(f"skipped {x}", lang="es")\n'
                      '# TRANSLATORS: a note\ne = N_("Delta "\n      "split")\n'
                      'f = _(TABLE["not-a-msgid"])\ng = i18n.gettext("Epsilon", lang=lang)\n'
                      'h = gettext(name, lang="es")\n', "utf-8")
    catalog = tool.extract([source], root=tmp_path)
    assert sorted(str(m.id) for m in catalog if m.id) == ["Alpha", "Beta {year}",
                                                          "Delta split", "Epsilon", "Gamma %s"]
    assert catalog["Delta split"].auto_comments == ["a note"]
    assert catalog["Alpha"].locations == [("geo/sample.py", 1)]


def test_plural_messages_are_extracted_and_translated(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "geo" / "sample.py"
    source.parent.mkdir()
    source.write_text('t = ngettext("{count} event", "{count} events", n, lang=lang)\n', "utf-8")
    template = tool.extract([source], root=tmp_path)
    catalog = tool.merge(template, Catalog(locale="es"), locale="es")
    assert tool.untranslated(catalog) == ["{count} event"]
    catalog["{count} event"].string = ("{count} hecho", "{count} hechos")
    assert tool.untranslated(catalog) == []
    po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(tool.render(catalog))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n._compiled.cache_clear()
    try:
        assert [i18n.ngettext("{count} event", "{count} events", n, lang="es").format(count=n)
                for n in (1, 2, 0)] == ["1 hecho", "2 hechos", "0 hechos"]
        assert i18n.ngettext("{count} event", "{count} events", 1, lang="en") == "{count} event"
    finally:
        i18n._compiled.cache_clear()


def test_refresh_keeps_a_dropped_translation_and_revives_it() -> None:
    old = Catalog(locale="es")
    old.add("Rescue", "Rescate")
    old.add("Arrest", "Detención")
    dropped = Catalog()
    dropped.add("Arrest")
    first = tool.merge(dropped, old, locale="es")
    assert "Rescue" not in first
    assert first.obsolete["Rescue"].string == "Rescate"
    assert dict(tool.merge(dropped, old, locale="es", keep_obsolete=False).obsolete) == {}
    back = Catalog()
    back.add("Arrest")
    back.add("Rescue")
    again = tool.merge(back, first, locale="es")
    assert [(m.id, m.string) for m in again if m.id] == [("Arrest", "Detención"),
                                                         ("Rescue", "Rescate")]
    assert tool.untranslated(tool.merge(back, Catalog(locale="es"), locale="es")) == [
        "Arrest", "Rescue"]


def test_rendering_is_deterministic_and_has_no_line_numbers_or_tool_version() -> None:
    catalog = Catalog(locale="es")
    rendered = tool.render(tool.merge(tool.extract(), catalog, locale="es"))
    assert rendered == tool.render(tool.merge(tool.extract(), catalog, locale="es"))
    assert b"Generated-By" not in rendered
    assert b"#: geo/vocab.py\n" in rendered
    assert b"POT-Creation-Date: 2026-12-01 00:00+0000" in rendered
    assert b'"Plural-Forms: nplurals=2; plural=(n != 1);' in rendered  # whatever Babel's CLDR


# --- the runtime API -------------------------------------------------------------------------

def test_unknown_language_raises() -> None:
    with pytest.raises(OptionError, match="language 'fr' is not one of en, es"):
        i18n.gettext("Rescue", lang="fr")
    with pytest.raises(OptionError, match="language 'pt' is not one of en, es"):
        text.date_label("2022-11-10", precision="day", lang="pt")
    with pytest.raises(OptionError, match="language 'de' is not one of en, es"):
        i18n.country_name("PER", lang="de")


def test_gettext_and_translator() -> None:
    assert i18n.gettext("Rescue", lang="es") == "Rescate"
    assert i18n.gettext("Rescue", lang="en") == "Rescue"
    assert i18n.gettext("A string nobody marked", lang="es") == "A string nobody marked"
    _ = i18n.translator("es")
    assert _("Corridors") == "Corredores"
    assert i18n.strings({"b": "Rescue", "a": "Corridors"}, lang="es") == {
        "a": "Corredores", "b": "Rescate"}


@pytest.mark.parametrize(("iso_a3", "english", "spanish"), [
    ("PER", "Peru", "Perú"), ("MEX", "Mexico", "México"), ("PAN", "Panama", "Panamá"),
    ("USA", "United States", "Estados Unidos"), ("CHL", "Chile", "Chile"),
])
def test_country_names_come_from_cldr(iso_a3: str, english: str, spanish: str) -> None:
    assert i18n.country_name(iso_a3, lang="en") == english
    assert i18n.country_name(iso_a3, lang="es") == spanish


def test_unknown_country_code_falls_back_to_the_layer_name() -> None:
    assert i18n.country_name("-99", lang="es", default="N. Cyprus") == "N. Cyprus"
    assert i18n.country_name("-99", lang="es") == "-99"


VOCABULARIES = ("EVENT_KINDS", "CORRIDOR_KINDS", "PLACE_KINDS", "GROUPS", "GEO_PRECISIONS",
                "CERTAINTIES", "PRESENCE_KINDS", "YEAR_QUALIFIERS", "FIGURE_AGREEMENTS")


def test_every_vocabulary_code_has_a_label() -> None:
    codes = {c for name in VOCABULARIES for c in getattr(vocab, name, ())}
    codes |= set(getattr(vocab, "HEADLINE_FIGURE_BY_KIND", {}).values())
    assert sorted(codes - set(LABELS)) == []
    assert len(codes) >= 29


def test_vocabulary_labels_in_both_languages() -> None:
    assert [label(c) for c in ("human_trafficking", "migrant_smuggling", "rescue")] == [
        "Human trafficking", "Migrant smuggling", "Rescue"]
    assert [label(c, lang="es") for c in ("human_trafficking", "migrant_smuggling",
                                         "rescue", "tren-de-aragua")] == [
        "Tráfico de personas", "Tráfico de migrantes", "Rescate", "Tren de Aragua"]
    assert label("new_kind", lang="es") == "New kind"


# --- dates, figures, sources -----------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "english", "spanish"), [
    ({"date": "2022-11-10", "precision": "day"}, "10 Nov 2022", "10 nov 2022"),
    ({"date": "2022-11", "precision": "month"}, "Nov 2022", "nov 2022"),
    ({"date": "2022", "precision": "year"}, "2022", "2022"),
    ({"date": "2022-03", "precision": "month", "date_end": "2022-06"},
     "Mar–Jun 2022", "mar–jun 2022"),
    ({"date": "2021-12", "precision": "month", "date_end": "2022-02"},
     "Dec 2021–Feb 2022", "dic 2021–feb 2022"),
    ({"date": "2025-02-07", "precision": "day", "date_end": "2025-02-08"},
     "7 Feb 2025–8 Feb 2025", "7 feb 2025–8 feb 2025"),
    ({"date": "2022-11", "precision": "month", "inferred": True},
     "Nov 2022 (inferred)", "nov 2022 (inferido)"),
])
def test_dates_at_their_precision(kwargs: dict[str, str], english: str, spanish: str) -> None:
    assert text.date_label(**kwargs) == english  # type: ignore[arg-type]
    assert text.date_label(**kwargs, lang="es") == spanish  # type: ignore[arg-type]


@pytest.mark.parametrize(("figure", "english", "spanish"), [
    ({"value": 23, "qualifier": "at_least", "unit": "people"},
     "at least 23 people", "al menos 23 personas"),
    ({"value": 56586, "qualifier": "exact", "unit": "people"},
     "56,586 people", "56.586 personas"),
    ({"value": 600, "qualifier": "more_than", "unit": "people"},
     "more than 600 people", "más de 600 personas"),
    ({"value": 30, "qualifier": "about", "unit": "people"},
     "about 30 people", "alrededor de 30 personas"),
    ({"value": 2.5, "qualifier": "exact", "unit": "times capacity"},
     "2.5 times capacity", "2,5 veces su capacidad"),
    ({"value": 12, "qualifier": "exact", "unit": "boats"}, "12 boats", "12 boats"),
])
def test_figures_per_language(figure: dict[str, object], english: str, spanish: str) -> None:
    assert text.figure_text(figure) == english
    assert text.figure_text(figure, lang="es") == spanish


SOURCES = {
    "ic": {"outlet": "InSight Crime", "title": "Gallegos arrests", "title_is_verbatim": False,
           "published": "2022-11", "published_precision": "month", "published_inferred": False,
           "short_label": "InSight Crime, Nov 2022"},
    "jc": {"outlet": "Outlet not named", "title": "Police rescue 120", "title_is_verbatim": True,
           "published": "2025-02-12", "published_precision": "day", "published_inferred": True,
           "short_label": "John Caicedo, 12 Feb 2025"},
    "brief": {"outlet": "InSight Crime", "title": "Brief", "title_is_verbatim": False,
              "published": "2022-11", "published_precision": "month", "published_inferred": True,
              "short_label": "InSight Crime, Nov 2022 (news brief)",
              "short_label_es": "InSight Crime, nov 2022 (nota breve)"},
    "old": {"outlet": "InSight Crime", "title": "Migrants", "title_is_verbatim": True,
            "published": "2022-09", "published_precision": "month",
            "published_inferred": True},
}


def test_source_line_uses_the_short_label_dated_per_language() -> None:
    assert text.source_line("ic", SOURCES) == "InSight Crime, Nov 2022"
    assert text.source_line("ic", SOURCES, lang="es") == "InSight Crime, nov 2022"
    assert text.source_line("jc", SOURCES) == "John Caicedo, 12 Feb 2025 (date inferred)"
    assert text.source_line("jc", SOURCES, lang="es") == (
        "John Caicedo, 12 feb 2025 (fecha inferida)")
    assert text.source_line("brief", SOURCES) == (
        "InSight Crime, Nov 2022 (news brief; date inferred)")
    assert text.source_line("brief", SOURCES, lang="es") == (
        "InSight Crime, nov 2022 (nota breve; fecha inferida)")
    assert text.source_line("old", SOURCES) == "InSight Crime, “Migrants” (Sep 2022, date inferred)"
    assert text.source_line("old", SOURCES, lang="es") == (
        "InSight Crime, “Migrants” (sept 2022, fecha inferida)")
    assert text.source_line("missing", SOURCES, lang="es") == "missing"
    assert text.source_citation("jc", SOURCES, lang="es") == (
        "Outlet not named, “Police rescue 120” (12 feb 2025, fecha inferida)")



# --- credits and headings --------------------------------------------------------------------

def test_headings_and_credits_in_both_languages(layers: Layers) -> None:
    filters = Filters(year=2022, mode="cumulative", countries=("PER", "CHL"),
                      corridor_kinds=("human_trafficking",))
    assert credits.view_heading(filters) == (
        "As of 2022 (cumulative) · Countries: CHL, PER · Corridors: Human trafficking")
    assert credits.view_heading(filters, lang="es") == (
        "Hasta 2022 (acumulado) · Países: CHL, PER · Corredores: Tráfico de personas")
    assert credits.view_heading(Filters(year=2025, mode="only"), lang="es") == "Solo 2025"
    assert credits.map_title(lang="es") == "Tren de Aragua: expansión y corredores de tráfico"
    assert credits.map_title() == credits.MAP_TITLE
    assert credits.credits_lines(lang="es") == ["Contornos: Natural Earth (dominio público)",
                                               "Lugares: GeoNames (CC BY 4.0)"]
    assert credits.caveat(lang="es").startswith("Elaborado solo a partir de cinco artículos")
    assert credits.data_as_of_text(layers) == "Data as of 12 Feb 2025 (data v0.1.0, CC BY 4.0)"
    assert credits.data_as_of_text(layers, lang="es") == (
        "Datos al 12 feb 2025 (datos v0.1.0, CC BY 4.0)")
    assert credits.sources_text([], layers, lang="es") == "Fuentes: ninguna en esta selección"


def test_summary_text_has_spanish_plurals(layers: Layers) -> None:
    one = Summary(year=2011, mode="only", countries=1, events=0, corridors=1, corridor_km=9,
                  measured_km=0, schematic_km=9)
    assert credits.summary_text(one, lang="es") == (
        "Solo en 2011: 1 país, 0 hechos, 1 corredor (0 km medidos, 9 km esquemáticos)")
    many = select(layers, Filters(year=2022)).summary()
    assert credits.summary_text(many, lang="es") == (
        "Hasta 2022: 6 países, 28 hechos, 17 corredores (1.740 km medidos, 26.026 km "
        "esquemáticos)")
    assert credits.summary_text(many) == (
        "By 2022: 6 countries, 28 events, 17 corridors (1,740 km measured, 26,026 km "
        "schematic)")


def test_data_dictionary_headings(template: Catalog) -> None:
    titles = [json.loads(p.read_text("utf-8"))["title"] for p in tool.schema_files()]
    assert "Events" in titles
    assert all(t in template for t in titles)
    assert i18n.gettext("Countries (Natural Earth 1:10m)", lang="es") == (
        "Países (Natural Earth 1:10m)")
    spanish = i18n.data_dictionary_text(lang="es")
    assert spanish["title"] == "Diccionario de datos"
    assert spanish["geometry"].format(kind="Point") == "Geometría: Point."
    assert [spanish[k] for k in ("field", "type", "description")] == [
        "campo", "tipo", "descripción"]
    assert i18n.data_dictionary_text(lang="en")["title"] == "Data dictionary"
    assert sorted(spanish) == sorted(i18n.DATA_DICTIONARY_TEXT)
    assert i18n.language_name("en", lang="es") == "inglés"
    assert i18n.language_name("es", lang="en") == "Spanish"


@pytest.mark.parametrize(("value", "english", "spanish"), [
    (1, "1 person", "1 persona"), (2, "2 people", "2 personas"),
    (23, "at least 23 people", "al menos 23 personas")])
def test_a_figure_of_one_takes_the_singular_unit(value: int, english: str,
                                                 spanish: str) -> None:
    figure = {"qualifier": "at_least" if value == 23 else "exact", "value": value,
              "unit": "people"}
    assert text.figure_text(figure) == english
    assert text.figure_text(figure, lang="es") == spanish
