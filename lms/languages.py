"""The languages the course can be read in, named in their own script."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str  # "ltr" or "rtl"


# In the one order every list of languages follows: by their own names, as lms.i18n.sort_key
# orders them (Latin, then Cyrillic, Arabic and Hangul scripts). A test keeps it so.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "ltr"),
        Language("es", "Español", "ltr"),
        Language("fr", "Français", "ltr"),
        Language("sw", "Kiswahili", "ltr"),
        Language("pt", "Português", "ltr"),
        Language("ru", "Русский", "ltr"),
        Language("ar", "العربية", "rtl"),
        Language("ko", "한국어", "ltr"),
    )
}

DEFAULT_LANGUAGE = "en"


def direction(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.direction if language else "ltr"


def native_name(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.native_name if language else code
