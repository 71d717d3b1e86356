"""The languages the course can be read in, named in their own script."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str  # "ltr" or "rtl"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("ar", "العربية", "rtl"),
        Language("en", "English", "ltr"),
        Language("fr", "Français", "ltr"),
        Language("ko", "한국어", "ltr"),
        Language("pt", "Português", "ltr"),
        Language("ru", "Русский", "ltr"),
        Language("es", "Español", "ltr"),
        Language("sw", "Kiswahili", "ltr"),
    )
}

DEFAULT_LANGUAGE = "en"


def direction(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.direction if language else "ltr"


def native_name(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.native_name if language else code
