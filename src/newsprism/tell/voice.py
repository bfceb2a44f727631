"""Whose voice a sentence is in: what the summary and the timeline may show out of context.

A report's sentence ("Ryan met Trump on Thursday") can stand alone.  One in the first person
outside quotation marks ("I've invited him for a meeting next week") is someone's own voice,
the middle of a quotation or an opinion piece; shown alone it reads as if newsprism said it,
so it is given its speaker ("Paul Ryan: ...") or left out.  One that opens with a personal
pronoun ("He begged lawmakers ..."), "This comes after ..." or "That round resulted in ..."
leans on the sentence before it.
"""

from __future__ import annotations

import re

from ..lexicon.calendar import MONTHS, WEEKDAYS

__all__ = ["QUOTE_MARKS", "dangling", "paired", "unquoted", "voiced"]

QUOTE_MARKS = "\"“”"

# a sentence opening with a personal pronoun leans on the one before it (also after a
# connective: "But it may grow", "And he said"), as does a demonstrative standing for what
# came before ("This comes after...", "That was...")
_DANGLING = re.compile(r"^[\"'“‘(]*(?:(?:But|And|Yet|So|Still|However|Also|Now),?\s+)?"
                       r"(?:(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Hh]im|[Tt]hem)\b"
                       r"|(?:[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose)\s+(?:is|was|are|were|comes|came|means|meant"
                       r"|follows|followed|marks|marked|has|had|have|would|will|could|may|might|led|leads)\b"
                       # "That round resulted in ...", "These talks ...": a thing named before;
                       # not "Those who ...", nor the time of writing ("This week", "These days")
                       r"|(?:[Tt]hat|[Tt]hose)\s+(?!who\b)[a-z]"  # lower case after "But"
                       r"|(?:[Tt]his|[Tt]hese)\s+(?!(?:week|weekend|month|year|morning|afternoon|evening|night"
                       r"|spring|summer|autumn|fall|winter|days)\b)[a-z]+\s+[a-z])")
# an opening phrase, then a pronoun as the main clause's subject: "As interior secretary, she
# will lead ...", "In a statement, he said ..."; the pronoun has no antecedent in the sentence
# unless the opening phrase names someone ("When Hochul takes over, she ...")
_OPENER_THEN_PRONOUN = re.compile(r"^[\"'“‘(]*(?:As|When|While|If|After|Before|Although|Though|Because|Since|Unless"
                                  r"|Once|Until|In|On|At|During|With|For|Under|Despite)\b([^,;:\"“”]{1,120}),\s+"
                                  r"(?:he|she|they|it|his|her|their|its|that's|this is|that is|this was|that was)\b")
# a subordinate clause standing alone, its main clause in the sentence before: "Where almost every
# candidate seemed content to tread water." ("While X said Y, Z happened" has its main clause)
_FRAGMENT = re.compile(r"^[\"'“‘(]*(?:(?:Where|Which|Whereas|Whom)\b(?!.*\?[\"'”’)]*$)"
                       r"|(?:(?:Only|Even)\s+(?:if|though|when|because)|While|Although|Though|Because|Unless"
                       r"|Whether|If)\b[^,;:—–]*$)"
                       # a lead-in to what follows it: "Here's a look at the claims:"
                       r"|^.*:\s*$")
# first-person words: someone's own voice, not a report
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|we|We|our|Our|us|ours|[Ll]et's)\b")
# quoted stretches, removed before looking for the first person
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def unquoted(text: str) -> str:
    """``text`` without its quoted stretches, including one that runs in from before the
    start ('I look forward to it," Ryan tweeted.') or on past the end."""
    text = _QUOTED.sub(" ", text)
    for i, c in enumerate(text):
        if c in QUOTE_MARKS:
            closing = c == "”" or (c == '"' and i > 0 and not text[i - 1].isspace())
            return text[i + 1:] if closing else text[:i]
    return text


def voiced(text: str) -> bool:
    """First person outside quotation marks: the writer's or a speaker's own voice."""
    return bool(_FIRST_PERSON.search(unquoted(text)))


def dangling(text: str) -> bool:
    """Opens with a personal pronoun or a demonstrative that stands for what came before,
    or with a phrase that names nobody and then such a pronoun ("In a statement, he said"),
    or is a subordinate clause without its main clause ("Where every candidate played it
    safe."), so it needs the sentence before it."""
    if _DANGLING.match(text) or _FRAGMENT.match(text.strip()):
        return True
    m = _OPENER_THEN_PRONOUN.match(text)
    return m is not None and not any(w[:1].isupper() and w.strip(".,'").lower() not in MONTHS
                                     and w.strip(".,'").lower() not in WEEKDAYS for w in m.group(1).split())


def paired(text: str) -> str:
    """``text`` with an odd quotation mark made good: one at either end, left over from a
    quotation that runs in from the sentence before or on into the next, is dropped; one
    inside gets its partner ('This is not about him," Pelosi said.' begins inside a
    quotation and gets its opening mark; 'He called it "a disgrace' its closing one)."""
    marks = [i for i, c in enumerate(text) if c in QUOTE_MARKS]
    if len(marks) % 2 == 0:
        return text
    if marks[0] == 0:
        return text[1:].lstrip()
    if marks[-1] == len(text) - 1:
        return text[:-1].rstrip()
    if not text[marks[0] - 1].isspace():
        return '"' + text  # it begins inside a quotation: 'we are going," said X.'
    return text + '"'  # a quotation runs on past its end
