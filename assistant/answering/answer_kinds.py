"""The kinds of answer a question can ask for, and the patterns that recognise them.

"how many" -> a count, "when" -> a date, "how long" -> a duration, "who chairs" -> a name,
"what does X stand for" -> an expansion, "which council" -> a named council. The first
pattern that matches decides the kind; its named group, if any, is the focus noun phrase
(asked.py reads the focus).
"""

from __future__ import annotations

import re

# the kinds of answer a question can ask for
COUNT, AMOUNT, QUANTITY, PERCENT, DATE, DURATION = (
    "count", "amount", "quantity", "percent", "date", "duration"
)  # fmt: skip
AGE, PERSON, PLACE, NAME, EXPANSION, DEFINITION, YESNO = (
    "age", "person", "place", "name", "expansion", "definition", "yes/no"
)  # fmt: skip
NAMED = "named"  # "which council", "which minister": a named instance of the noun
AUDIENCE = "audience"  # "who is the briefing for?": the people something is meant for
MANNER = "manner"  # "how is it funded?": the way something is done, said with its verb

# "how many weeks does the council have", "how long does the course take": a duration asked
# as a length ('20 weeks'), which a closing date ('until August') does not give
HOW_MANY_UNITS = r"\bhow many (?:years|months|weeks|days|terms)\b"
ASKS_LENGTH = re.compile(
    HOW_MANY_UNITS + r"|\bhow long (?:does|do|did|will|would|should|could|might)\b[^?]*?\btakes?\b",
    re.IGNORECASE,
)
# a sum of money as the documents write it: '£4.8m', '£2.6 billion', '10 billion'
SUM = r"£\s?\d[\d,.]*\s*(?:bn|m|k|billion|million|thousand)?\b|\b\d[\d,.]*\s*(?:billion|million)\b"

# what a name is called when a question asks for one ("what's the plan's official title?")
NAMING = "title|name|headline|slogan|strapline|tagline|subtitle"

WH = r"(?:what|which|who|whom|whose|when|where|why|how)"
AUX = r"(?:is|are|was|were|does|do|did|will|would|has|have|had|can|could|should|shall|may|must)"
ASKS = re.compile(
    rf"\?\s*$|^\W*(?:and |so |but |also )?(?:{WH}|whos|{AUX}|define|tell|"
    rf"explain|list|describe|give|name)\b"
    # a question inside a statement: "our manager wants to know how many...", "I need to
    # explain how the partnerships are put together"
    r"|\b(?:know|find out|check|confirm|explain|understand|wondering|unsure|not sure|clarify)"
    r"\s+(?:\w+\s+){0,2}?(?:how|what|when|which|who|where)\b",
    re.IGNORECASE,
)
YESNO_START = re.compile(rf"^\W*(?:and |so |but )?{AUX}\b", re.IGNORECASE)

# "how many X", "what N", "who chairs": the pattern decides the kind; the named group, if
# any, is the focus noun phrase
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        EXPANSION,
        re.compile(
            r"\bwhat (?:(?:does|do|did) )?(?P<f>[\w'.-]+(?: [\w'.-]+){0,3}) stands? for\b"
            # 'EHCPs', 'SENCo', or 'it' (kind_and_focus finds what a pronoun stands for)
            r"|\bwhat(?: is| are|'s|’s) (?P<g>[A-Za-z]{2,}) short for\b",
            re.IGNORECASE,
        ),
    ),
    (AGE, re.compile(r"\bhow old\b|\bwhat age\b", re.IGNORECASE)),
    (
        DURATION,
        re.compile(
            r"\bhow long\b|\bover what (?:period|time|length)|\bwhat (?:length|"
            r"stretch|period|span) of time\b|\bfor how long\b|\bwhat period\b|"
            r"\bover how (?:long|many (?:years|months|weeks))\b|"
            # "how many weeks does the council have", "what's the time limit for..."
            + HOW_MANY_UNITS
            + r"(?! (?:ago|after|before|later|since|from now)\b)|"
            r"\btime ?limits?\b|\btime-?scales?\b|\btime ?frames?\b|"
            # "what months does the roundup cover?": the span of time it covers
            r"\b(?:what|which) (?:months|years|weeks|dates)\b(?=[^?]*\b(?:cover|covers|"
            r"covered|span|spans|spanned)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        PERCENT,
        re.compile(
            r"\bwhat (?:(?:is|was|are|were) the )?(?:[\w-]+ ){0,2}?(?:share|proportion|"
            r"percentage|per ?cent|ratio|rate)\b|\bhow many per ?cent\b|\b(?:what|which)\s?%",
            re.IGNORECASE,
        ),
    ),
    (
        COUNT,
        re.compile(
            r"\bhow many (?P<f>[\w'-]+(?: (?:and )?[\w'-]+){0,3}?)(?= (?:is|are|was|were|will|"
            r"would|do|does|did|has|have|had|can|could|should|in|of|at|on|for|to|"
            r"from|by|under|there|that|this|the|a|they|it|we|you|he|she|get|got|"
            r"been|being)\b|\W*$|[?,])|\bhow many\b|"
            # "what's the (target / total / planned) number of places"
            r"\bwhat(?:'s|’s| is| was| will be) the (?:[\w-]+ ){0,2}?number of "
            r"(?P<g>[\w'-]+(?: [\w'-]+){0,2})",
            re.IGNORECASE,
        ),
    ),
    (
        AMOUNT,
        re.compile(
            r"\bhow much\b|\bwhat(?:'s|’s| is| was| are| were| will)? (?:be )?(?:the )?"
            r"(?:[\w-]+ ){0,3}?(?:amounts?|costs?|budgets?|prices?|values?|salary|pay|"
            r"funding level|deficits?|spending|spend|allocations?|grants?|pots?|"
            r"investment)\b"
            r"|\bhow big is the "
            r"(?:\w+ ){0,3}?(?:budget|grant|fund|funding|pot)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QUANTITY,
        re.compile(
            r"\bhow (?:big|large|small)\b|\bwhat (?:figure|number|statistics?|stats?|data)\b",
            re.IGNORECASE,
        ),
    ),
    (
        DATE,
        re.compile(
            r"^\W*(?:and |so |but )?when\b|\bby when\b|\bup to when\b|\buntil when\b|"
            r"\b(?:on |in |by )?(?:what|which) (?:date|year|month|day|time)\b|\bdeadline\b|"
            r"\bcut-?off\b|\b(?:closing|end|start|finish) date\b|"
            r"\bhow soon\b|\bwhen (?:is|was|are|were|will|does|did|do)\b",
            re.IGNORECASE,
        ),
    ),
    (
        MANNER,
        # the participle closes the question: "how is it funded?", "how are REPs selected?"
        re.compile(
            r"^\W*(?:and |so |but )?how (?:is|are|was|were|will|would|does|do|did)\b"
            r"(?:\s+[\w'-]+){1,5}?\s+(?:be\s+)?(?P<f>[a-z]{3,}ed)\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        AUDIENCE,
        re.compile(
            r"\bwho(?:'s| is| are| was)?\b.*\b(?:aimed at|intended for|meant for|written for|"
            r"designed for|targeted at|for)\W*$"
            # "who is the intended readership of the briefing?", "what's its target audience?",
            # "who is the briefing's readership?"
            r"|^\W*(?:who|what)(?:'s| is| are| was)? .*\b(?:readership|readers|audience)\b",
            re.IGNORECASE,
        ),
    ),
    (
        PLACE,
        re.compile(
            r"^\W*(?:and |so |but )?where\b(?! (?:can|do|should) i\b)"
            # "what's the address of the tribunal's office?": an address, not the verb
            r"|\b(?:the|email|e-mail|postal|office|home|[\w-]+'s|[\w-]+’s)\s+(?:address|postcode)\b",
            re.IGNORECASE,
        ),
    ),
    (
        PERSON,
        re.compile(
            # 'who' that opens the question or a clause, not a relative one ("for kids who
            # don't have a plan")
            r"(?:^|[,;:.?!()–—-]\s*|\b(?:and|but|so|or|know|ask|asking|tell|wondering|out|"
            r"sure|me|us|check|confirm|exactly|say|says)\s+)\W*"
            r"who(?:'s| is| are| was| were)? (?:the )?(?:current |new |present )?"
            r"(?!(?:did|does|do|will|would|can|could|has|have|had|should)\b)"
            r"(?P<f>[\w'-]+(?: [\w'-]+){0,3}?)(?= of | at | for | in |\W*$|[?,])"
            r"|\bwho (?:co-?chairs?|chairs?|leads?|heads?|runs?|jointly chairs?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        NAME,
        re.compile(
            r"\bwhat(?:'s|’s| is| was| are) (?:that|this|the|it) (?:[\w-]+ ){0,6}?"
            r"(?:called|titled)\b|"
            r"\b(?:what|which) (?:official |formal |full )?"
            rf"(?P<f>{NAMING})\b|"
            # "what is the SEND and AP Improvement Plan's official title?", "tell me the title"
            r"\b(?:what(?:'s|’s| is| was)|tell (?:me|us)) the (?:[\w-]+ ){0,6}?"
            rf"(?:[\w-]+(?:'s|’s) )?(?:[\w-]+ ){{0,2}}?(?P<g>{NAMING})\b",
            re.IGNORECASE,
        ),
    ),
    (
        NAMED,
        # 'which' opening the question ("In which council..."), not "say which school we want"
        re.compile(
            r"(?:^|[,.?!:-]\s|\b(?:you|please|pls)\s)(?:list|name) (?:all |each of |every one of )?"
            r"(?:the )?(?:\d[\d,]* )?[a-z]"
            r"|(?:^|,\s|\s[-–:]\s)\W*(?:and |so |but )?(?:exactly |precisely |just )?"
            r"(?:(?:in|for|from|at|on|to|of|by|with|under) )?which "
            r"(?:\d[\d,]* )?[a-z]"
            # the question closes on it: "he is director of children's services in which
            # council?", "she leads which council?"
            r"|\bwhich [a-z][\w'-]*\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        DEFINITION,
        re.compile(
            # "what's X mean (in plain English)": X, without the frame after 'mean'
            r"^\W*what(?: does|'s|’s| is| do) (?P<g>[^?]{1,60}?) mean\b"
            r"|^\W*(?:what|who)(?:'s| is| are) (?:an? |the )?(?P<f>[^?]{1,60}?)"
            r"\W*$|^\W*define (?P<h>[^?]{1,60}?)\W*$",
            re.IGNORECASE,
        ),
    ),
)
