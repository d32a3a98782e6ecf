"""Briefing images and animations: size, dpi, content, determinism, one frame per year."""

from __future__ import annotations

import io
import math
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageSequence
from pyproj import Transformer

from geo import style
from geo.data.credits import selection_source_ids
from geo.data.extent import extent_bbox, parse_extent
from geo.data.selection import Filters, Layers, load_layers, select, year_bounds
from geo.errors import OptionError
from geo.style import palette
from geo.views.print import text as ptext
from geo.views.print.animation import (
    AnimationFormat,
    animation_gif,
    animation_mp4,
    animation_years,
    animations,
)
from geo.views.print.render import page_boxes, render_briefing
from geo.views.print.scalebar import scale_bar as _scale_bar

SMALL = (960, 640)
_PRESENCE_ALPHA = style.symbol_for("presence", {"first_reported_year": 2011})["fill_opacity"]


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def png_2022(layers: Layers) -> bytes:
    """The default briefing image: 2022, cumulative, data extent, 3000x2000 px at 300 dpi."""
    return render_briefing(select(layers, Filters(year=2022)), layers=layers)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return (int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16))


def _count_near(image: Image.Image, color: tuple[int, int, int], *, tolerance: int = 2) -> int:
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    near = np.abs(pixels - np.array(color, dtype=np.int16)).max(axis=2) <= tolerance
    return int(near.sum())


def _blend(hex_color: str, alpha: float, *, over: str = "#ffffff") -> tuple[int, int, int]:
    top, under = _rgb(hex_color), _rgb(over)
    r, g, b = (round(t * alpha + u * (1 - alpha)) for t, u in zip(top, under, strict=True))
    return (r, g, b)


def test_png_has_the_size_and_dpi_asked(png_2022: bytes) -> None:
    with Image.open(io.BytesIO(png_2022)) as image:
        assert image.format == "PNG"
        assert image.size == (3000, 2000)
        assert image.info["dpi"] == pytest.approx((300, 300), rel=1e-3)


@pytest.mark.parametrize(("size", "dpi"), [((1201, 803), 150), ((640, 960), 72)])
def test_odd_sizes_and_dpi_are_exact(layers: Layers, size: tuple[int, int], dpi: int) -> None:
    png = render_briefing(select(layers, Filters(year=2025)), layers=layers, size_px=size,
                          dpi=dpi)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == size
        assert image.info["dpi"] == pytest.approx((dpi, dpi), rel=1e-3)


def test_map_region_shows_sea_land_and_presence(png_2022: bytes, layers: Layers) -> None:
    first, last = year_bounds(layers)
    with Image.open(io.BytesIO(png_2022)) as image:
        # The map occupies the left ~72% between the title band and the footer.
        crop = image.crop((60, 290, 2150, 1730)).reduce(5)
        total = crop.width * crop.height
        assert _count_near(crop, _rgb(palette.SEA)) > 0.10 * total  # sea
        assert _count_near(crop, _rgb(palette.LAND)) > 0.10 * total  # land
        venezuela = _blend(style.presence_color(2011, first=first, last=last), _PRESENCE_ALPHA,
                           over=palette.LAND)
        assert _count_near(crop, venezuela, tolerance=3) > 0.002 * total


def test_legend_region_has_text_and_swatches(png_2022: bytes, layers: Layers) -> None:
    first, last = year_bounds(layers)
    cited = selection_source_ids(select(layers, Filters(year=2022)))
    boxes = page_boxes(size_px=(3000, 2000), dpi=300, footer=lambda chars: ptext.footer_lines(
        cited, layers=layers, lang="en", chars=chars))
    assert boxes["legend"][0] > boxes["map"][2]  # the legend panel is beside the map
    with Image.open(io.BytesIO(png_2022)) as image:
        legend = image.crop(boxes["legend"])
        gray = np.asarray(legend.convert("L"))
        assert (gray < 100).sum() > 0.01 * gray.size  # legend text
        swatch = _blend(style.presence_color(2011, first=first, last=last), _PRESENCE_ALPHA)
        assert _count_near(legend, swatch, tolerance=3) > 500  # the 2011 presence patch
        route = style.symbol_for("routes", {"kind": "migrant_smuggling"})
        assert _count_near(legend, _blend(route["color"], route["opacity"]),
                           tolerance=3) > 50
        # Nothing is drawn in the right margin beyond the legend text.
        margin = np.asarray(image.crop((2985, 300, 3000, 1900)).convert("L"))
        assert margin.min() == 255


def test_same_inputs_give_the_same_bytes(layers: Layers) -> None:
    selection = select(layers, Filters(year=2022, mode="only", countries=("PER", "CHL")))
    for fmt in ("png", "pdf", "svg"):
        first = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt=fmt)
        second = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt=fmt)
        assert first == second, fmt
    png = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100)
    assert b"matplotlib" not in png.lower()  # no 'Software' version stamp


def test_pdf_and_svg_carry_no_dates(layers: Layers) -> None:
    selection = select(layers, Filters(year=2022))
    pdf = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt="pdf")
    svg = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt="svg")
    assert pdf.startswith(b"%PDF-")
    assert b"/CreationDate" not in pdf
    assert b"/Producer" not in pdf
    assert svg.startswith(b"<?xml")
    assert b"<dc:date>" not in svg
    # Physical size follows pixels / dpi: 960 x 640 px at 100 dpi is 691.2 x 460.8 pt.
    assert b'width="691.2pt" height="460.8pt"' in svg


def test_different_years_give_different_images(layers: Layers) -> None:
    images = {year: render_briefing(select(layers, Filters(year=year)), layers=layers,
                                    size_px=SMALL, dpi=100) for year in (2011, 2025)}
    assert images[2011] != images[2025]


def test_extent_of_a_country_is_its_largest_part(layers: Layers) -> None:
    selection = select(layers, Filters(year=2025))
    usa = extent_bbox("USA", layers=layers, selection=selection)
    assert usa[0] > -125  # not Alaska or the Aleutians
    assert usa[3] < 50
    assert extent_bbox("PER", layers=layers, selection=selection) == pytest.approx(
        (-81.337, -18.345, -68.687, -0.041), abs=1e-3)


def test_data_extent_covers_what_is_drawn(layers: Layers) -> None:
    """Events, corridors, spread lines and the largest part of each presence country."""
    selection = select(layers, Filters(year=2022))
    assert extent_bbox("data", layers=layers, selection=selection) == pytest.approx(
        (-81.337, -53.883, -57.494, 12.432), abs=1e-5)
    peru = select(layers, Filters(year=2022, countries=("PER",)))
    assert extent_bbox("data", layers=layers, selection=peru) == pytest.approx(
        (-81.337, -41.4693, -67.15, 10.23535), abs=1e-5)  # Peru and its corridors' ends


def test_bounding_box_extent_is_used_as_given(layers: Layers) -> None:
    selection = select(layers, Filters(year=2022))
    box = parse_extent("-80,-20,-65,0")
    assert box == (-80.0, -20.0, -65.0, 0.0)
    assert extent_bbox(box, layers=layers, selection=selection) == box


@pytest.mark.parametrize(("extent", "message"), [
    ("XYZ", "--extent 'XYZ' is neither 'data' nor a country of the basemap; allowed "
            "countries: ABW"),
    ("10,20,5,30", "extent 10,20,5,30: expected min_lon < max_lon"),
    ("-80,-89,-60,0", "extent -80,-89,-60,0: expected"),
])
def test_bad_extent_is_an_option_error(layers: Layers, extent: str, message: str) -> None:
    with pytest.raises(OptionError, match=message.replace("(", r"\(")):
        render_briefing(select(layers, Filters(year=2022)), layers=layers,
                        extent=parse_extent(extent))


def test_unparsable_extent_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="--extent 'a,b,c,d': a bounding box is four numbers"):
        parse_extent("a,b,c,d")


@pytest.mark.parametrize(("size", "dpi", "message"), [
    ((100, 640), 100, "width 100 px is outside 320-12000 px"),
    ((960, 640), 5000, "--dpi 5000 is outside 50-1200"),
    ((12000, 12000), 300, "exceeds 60,000,000 pixels"),
])
def test_bad_size_or_dpi_is_an_option_error(layers: Layers, size: tuple[int, int], dpi: int,
                                            message: str) -> None:
    with pytest.raises(OptionError, match=message):
        render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=size,
                        dpi=dpi)


@pytest.mark.parametrize(("lat", "expected_km"), [(0.0, 500.0), (-41.0, 200.0), (60.0, 200.0)])
def test_scale_bar_is_measured_geodesically(lat: float, expected_km: float) -> None:
    """The bar's projected length is its true length times Mercator's scale at its latitude."""
    transform = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    x0, y = transform.transform(-80.0, lat)
    x1, _ = transform.transform(-55.0, lat)
    length_km, end_x, bar_lat = _scale_bar(x0, x1, y)
    assert bar_lat == pytest.approx(lat, abs=1e-9)
    assert length_km == expected_km
    phi = math.radians(lat)
    e2 = 0.00669437999014  # WGS84 first eccentricity squared
    scale = math.sqrt(1 - e2 * math.sin(phi) ** 2) / math.cos(phi)
    assert (end_x - x0) / 1000 == pytest.approx(length_km * scale, rel=1e-4)


@pytest.fixture(scope="module")
def moving(layers: Layers) -> dict[AnimationFormat, bytes]:
    """GIF and MP4 of the same frames (rendered once)."""
    return animations(layers, filters=Filters(year=2022), formats=("gif", "mp4"),
                      size_px=(480, 320), dpi=50, frame_ms=500)


@pytest.fixture(scope="module")
def gif_bytes(moving: dict[AnimationFormat, bytes]) -> bytes:
    return moving["gif"]


def test_gif_has_one_frame_per_year(gif_bytes: bytes, layers: Layers) -> None:
    first, last = year_bounds(layers)
    assert animation_years(layers) == list(range(first, last + 1))
    with Image.open(io.BytesIO(gif_bytes)) as image:
        assert image.format == "GIF"
        assert image.n_frames == last - first + 1 == 15
        assert image.size == (480, 320)
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
        assert durations == [500] * 14 + [1500]
        assert image.info["loop"] == 0


def test_gif_frames_differ_year_to_year(gif_bytes: bytes) -> None:
    with Image.open(io.BytesIO(gif_bytes)) as image:
        frames = [frame.convert("RGB").tobytes() for frame in ImageSequence.Iterator(image)]
    assert len(set(frames)) == len(frames)


def test_gif_map_does_not_move_between_frames(gif_bytes: bytes) -> None:
    """Same extent, same layout: the sea covers the same box in every frame."""
    boxes = set()
    with Image.open(io.BytesIO(gif_bytes)) as image:
        for frame in ImageSequence.Iterator(image):
            sea = np.all(np.asarray(frame.convert("RGB")) == _rgb(palette.SEA), axis=2)
            rows, cols = np.nonzero(sea)
            boxes.add((int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())))
    assert len(boxes) == 1


def test_gif_is_deterministic(gif_bytes: bytes, layers: Layers) -> None:
    again = animation_gif(layers, filters=Filters(year=2022), size_px=(480, 320), dpi=50,
                          frame_ms=500)
    assert again == gif_bytes


def test_mp4_has_one_frame_per_year_plus_the_held_last(moving: dict[AnimationFormat, bytes],
                                                        tmp_path: Path) -> None:
    video = moving["mp4"]
    assert video[4:8] == b"ftyp"
    path = tmp_path / "a.mp4"
    path.write_bytes(video)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 15 + 2
    assert seconds == pytest.approx(17 * 0.5, abs=0.05)


def test_mp4_needs_even_sizes(layers: Layers) -> None:
    with pytest.raises(OptionError, match="mp4 needs an even width and height, got 481x320"):
        animation_mp4(layers, filters=Filters(year=2022), size_px=(481, 320), dpi=50)
