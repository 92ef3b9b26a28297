"""The fonts a rendered document may be set in, and where each comes from.

Real documents are set in 宋体 (SimSun), 楷体, 仿宋 and 黑体 from the publisher's Windows or WPS
fonts, embedded as TrueType. reportlab embeds TrueType (not CFF-flavoured OpenType such as
Noto CJK), so the stand-ins are Debian's TrueType CJK fonts: AR PL UMing for 宋体, AR PL UKai
for 楷体/仿宋, WenQuanYi Zen Hei for 黑体. ``STSong-Light`` is reportlab's built-in Adobe CID
font: not embedded, the viewer substitutes its own 宋体, as some published PDFs leave their
fonts to the reader too. Every one of them is extracted by pdfplumber as the exact text drawn
(``tests/test_rendering.py``).
"""

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont


class FontMissingError(RuntimeError):
    """A font's file is not installed; the message names the Debian package that has it."""


@dataclass(frozen=True)
class Font:
    #: The name the PDF and reportlab know it by.
    name: str
    #: The TrueType collection it is read from; "" for a built-in CID font.
    path: str = ""
    #: The Debian package that installs ``path``.
    package: str = ""
    #: Which face of the collection (index 0 is the simplified Chinese one of each).
    subfont: int = 0


FONTS = {
    "uming": Font(
        "ARPLUMingCN", "/usr/share/fonts/truetype/arphic/uming.ttc", "fonts-arphic-uming"
    ),
    "ukai": Font("ARPLUKaiCN", "/usr/share/fonts/truetype/arphic/ukai.ttc", "fonts-arphic-ukai"),
    "zenhei": Font(
        "WenQuanYiZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"
    ),
    "stsong": Font("STSong-Light"),
}


def register(key):
    """The reportlab name of font ``key`` (of ``FONTS``), registered on first use;
    FontMissingError naming the Debian package when its file is not installed."""
    font = FONTS[key]
    if font.name in pdfmetrics.getRegisteredFontNames():
        return font.name
    if not font.path:
        pdfmetrics.registerFont(UnicodeCIDFont(font.name))
        return font.name
    if not Path(font.path).is_file():
        raise FontMissingError(
            f"字体文件 {font.path} 不存在：请安装 Debian 软件包 {font.package}"
            f"（apt-get install -y {font.package}）。"
        )
    pdfmetrics.registerFont(TTFont(font.name, font.path, subfontIndex=font.subfont))
    return font.name


def width(text, key, size):
    """The width in points of ``text`` set in font ``key`` at ``size``."""
    return pdfmetrics.stringWidth(text, register(key), size)
