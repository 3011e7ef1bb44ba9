"""A reader of GIFT multiple-choice questions that follows Moodle's own importer
(``question/format/gift/format.php``, ``qformat_gift::readquestion``), to check that our GIFT
files read back as we wrote them.

Like Moodle: a blank line ends a question, whole lines starting with ``//`` are comments,
escaped ``\\: \\# \\= \\{ \\} \\~ \\n`` are set aside before parsing, ``::name::`` names a question,
the answers are between the first ``{`` and the first ``}``, ``####`` starts the general feedback,
answers are split at ``~`` (``=`` marks the right one), and ``#`` starts an answer's feedback.
A text may start with a format in brackets, ``[plain]``.
"""

from __future__ import annotations

from dataclasses import dataclass

PLACEHOLDERS = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;",
                "\\~": "&&126;", "\\n": "&&010"}
CHARACTERS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~",
              "&&010": "\n"}
FORMATS = ("moodle", "html", "plain", "markdown")


@dataclass
class GiftQuestion:
    name: str
    text: str
    text_format: str
    answers: list[tuple[str, bool, str]]  # text, right, feedback
    general_feedback: str


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, character in CHARACTERS.items():
        text = text.replace(placeholder, character)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    text = text.strip()
    if text.startswith("[") and "]" in text:
        name = text[1:text.index("]")]
        if name in FORMATS:
            return _post(text[text.index("]") + 1:]).strip(), name
    return _post(text).strip(), default


def read_gift(document: str) -> tuple[list[GiftQuestion], list[str]]:
    """The multiple-choice questions of a GIFT file, and the other blocks (categories) as text."""
    questions, others = [], []
    blocks, current = [], []
    for line in document.split("\n"):
        if line.strip() == "":
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(" " if line.strip().startswith("//") else line)
    if current:
        blocks.append(current)
    for lines in blocks:
        text = _pre("\n".join(lines).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            others.append(text)
            continue
        questions.append(_read_question(text))
    return questions, others


def _read_question(text: str) -> GiftQuestion:
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.index("::")
        name, text = _post(text[:end]), text[end + 2:].strip()
    start, finish = text.index("{"), text.index("}")
    answer_text = text[start + 1:finish].strip()
    question_text = text[:start] + text[finish + 1:]
    general = ""
    if "####" in answer_text:
        cut = answer_text.rindex("####")
        answer_text, general = answer_text[:cut].strip(), answer_text[cut + 4:]
    body, fmt = _with_format(question_text)
    general, _ = _with_format(general, fmt)
    assert "~" in answer_text, "not a multiple-choice question"
    parts = [p for p in answer_text.replace("=", "~=").split("~")]
    if not parts[0].strip():
        parts = parts[1:]
    answers = []
    for part in parts:
        part = part.strip()
        right = part.startswith("=")
        part = part[1:] if right else part
        answer, _, feedback = part.partition("#")
        answers.append((_with_format(answer, fmt)[0], right, _with_format(feedback, fmt)[0]))
    return GiftQuestion(name, body, fmt, answers, general)
