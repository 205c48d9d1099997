"""Role phrases: «X، الناطق باسم Y», «رئيس Y Z», «آمر … بـY، اللواء Z» give MEMBER_OF / LEADS,
and let the role's person stand for the whole phrase when it is an argument."""

from __future__ import annotations

from kg.extract.mentions import TRANSPARENT, Mention
from kg.extract.resources import Gazetteer
from kg.extract.sentence import THAT_WORDS, Reading, Sentence, skip_quotes_forward
from kg.model import EntityType, RelationType
from kg.normalize import normalize

_APPOSITION_PRONOUNS = frozenset(normalize(w) for w in ("وهو", "وهي", "هو", "هي"))


_ORDER = "أمر"  # «أمر X بالقبض على …»: ordered; «آمر» (with madda) is a commander


def role_at(s: Sentence, i: int) -> tuple[int, RelationType] | None:
    if s.norms[i] not in s.lex.role_words:
        return None
    if s.doc[i].text.lstrip("وف").startswith(_ORDER):
        return None
    for size in (2, 1):
        key = tuple(s.norm(k) for k in range(i, min(i + size, s.end)))
        if len(key) == size and key in s.lex.roles:
            return size, s.lex.roles[key]
    return None


def is_verb(s: Sentence, k: int) -> bool:
    form = s.norm(k)
    if form in s.lex.reporting:
        return True
    return not form.startswith("ال") and any(e.pos == "verb" for e in s.lex.lookup(form))


def role_readings(s: Sentence, gaz: Gazetteer) -> list[Reading]:
    out = []
    i = s.start
    while i < s.end:
        if s.mention(i) is not None:
            i += 1
            continue
        role = role_at(s, i)
        if role is None:
            i += 1
            continue
        size, relation = role
        # The body: the first organisation within a few words (غرفة عمليات سلاح الجو بقوات X),
        # or the country of a demonym right after the role («الرئيس المصري عبد الفتاح السيسي»).
        org = None
        k = i + size
        # «وزير الدفاع اليمني», «وزير التنمية الدولية البريطانية»: the ministry's field first
        field_end = k
        while (field_end < min(k + 3, s.end) and s.mention(field_end) is None
               and s.norm(field_end).startswith("ال")
               and s.norm(field_end) not in s.lex.demonyms
               and not s.lex.lookup(s.norm(field_end))):
            field_end += 1
        minister = False  # the minister of a field is no leader of the country
        if field_end > k and field_end < s.end and s.norm(field_end) in s.lex.demonyms:
            k, minister = field_end, True
        country = s.lex.demonyms.get(s.norm(k)) if k < s.end and s.mention(k) is None else None
        entity = gaz.by_name(country) if country else None
        if entity is not None:
            org = Mention(k, k + 1, entity, "demonym")
            k = s.end  # found: skip the search below
        while k < min(i + size + 7, s.end):
            m = s.mention(k)
            if m is not None:
                if (
                    m.entity.type
                    in (
                        EntityType.ORG,
                        EntityType.ARMED_GROUP,
                        EntityType.GPE,
                        EntityType.LOC,  # «والي ولاية النيل الأزرق»: an administrative region
                        EntityType.MEDIA,
                    )
                    and m.method != "descriptor"
                    # «المتحدث باسم الحكومة للصحفيين في طرابلس»: a place after «في» is where
                    # the unnamed body is, not the body
                    and not (m.entity.type.is_place and s.prep_before(m) == "في")
                ) or (
                    # «المتحدث باسم قاعدة بنينا الجوية»: a base or an airport speaks too
                    m.entity.type is EntityType.FAC and s.prep_before(m) in ("", "ل")
                    and m.method != "descriptor"
                ):
                    org = m
                break
            if is_verb(s, k) or (s.doc[k].is_punct and s.norm(k) not in TRANSPARENT):
                break
            if s.norm(k) in THAT_WORDS or s.norm(k) in s.lex.reporting:
                break  # «المتحدث باسم الحكومة الليبية إن الثوار …»: a new clause, not the body
            k += 1
        if org is None:
            i += 1
            continue
        person = None
        parent = _parent_org(s, org)
        # The person after the body: «رئيس مجلس النواب الليبي، المستشار عقيلة صالح»
        # «آمر قوة حماية غريان التابعة للجيش الليبي، عبد الله كشلاف»: past a describing
        # phrase (التابعة لـ، بقيادة) up to the comma that sets the name off.
        k = (parent or org).end
        steps = 0
        describing = False
        comma = False
        while k < s.end and steps < (10 if describing else 4):
            if s.norm(k) == "(":
                # «لقائد قوات شرق ليبيا (الجيش الوطني الليبي) خليفة حفتر»: past the aside
                close = next((j for j in range(k, min(k + 8, s.end)) if s.norm(j) == ")"), None)
                if close is not None:
                    k, steps = close + 1, steps + 1
                    continue
            m = s.mention(k)
            if m is not None:
                if (
                    m.entity.type is EntityType.PERSON
                    and m.method != "descriptor"
                    and (comma or not describing)  # «التابع لحفتر» describes; the name follows
                ):
                    person = m
                    break
                if m.entity.type.is_place and s.prep_before(m) in ("في", "ب") and not describing:
                    k, steps = m.end, steps + 1  # «رئيس حكومة الإنقاذ في طرابلس، عمر الحاسي»
                    continue
                if not describing:
                    break
                k = m.end
                steps += 1
                continue
            if k + 1 < s.end and s.norm(k + 1) in s.lex.demonyms and role_at(s, k) is not None:
                break  # «…باسم قوات الوفاق، الرئيس المصري عبد الفتاح السيسي»: another man's role
            entries = s.lex.lookup(s.norm(k))
            comma = comma or s.norm(k) in ("،", ",")
            if entries and all(e.passive or e.head for e in entries):
                describing = True
            elif entries or s.norm(k) in s.lex.reporting:
                break
            k += 1
            steps += 1
        after = person is not None
        if person is None:
            # The person before the role: «أحمد المسماري، المتحدث باسم …»
            j = i - 1
            while j >= s.start and s.norm(j) in {"،", ","} | TRANSPARENT:
                j -= 1
            if j >= s.start and s.norm(j) in _APPOSITION_PRONOUNS:
                j -= 1  # «رضا عيسى وهو متحدث باسم …»
            m = s.mention(j) if j >= s.start else None
            if m is not None and m.entity.type is EntityType.PERSON and m.method != "descriptor":
                person = m
            elif (
                m is not None
                and m.entity.type is EntityType.MEDIA
                and relation is RelationType.MEMBER_OF
                and m.entity.id != org.entity.id
            ):
                person = m  # «قناة المسيرة الناطقة باسم أنصار الله»: an outlet speaking for a body
        if person is None or person.entity.id == org.entity.id:
            i = (parent or org).end
            continue
        label = s.doc[i : org.start].text.strip(' ،,«»“”"')
        method = "role-after" if after else "role-before"
        if parent is not None:
            # آمر غرفة عمليات سلاح الجو بقوات الكرامة: the unit is part of the parent body,
            # and its commander a member of both.
            out.append(
                Reading(
                    org,
                    RelationType.PART_OF,
                    "التابعة لـ",
                    parent,
                    s.start,
                    s.end,
                    org.start,
                    "unit-of",
                    0.8,
                )
            )
            unit_label = s.doc[i : org.start].text.strip(' ،,«»“”"') or s.doc[i].text
            if relation is RelationType.LEADS and person.entity.type is EntityType.PERSON:
                s.leaders.setdefault(person.entity.id, org.entity)
            out.append(Reading(person, relation, unit_label, org, s.start, s.end, i, method, 0.85))
            label = s.doc[i : parent.start].text.strip(' ،,«»“”"')
            relation = RelationType.MEMBER_OF
            s.absorbed[id(org)] = person
            org = parent
        out.append(
            Reading(person, relation, label or s.doc[i].text, org, s.start, s.end, i, method, 0.9)
        )
        if (person.entity.type is EntityType.PERSON and org.entity.type is not EntityType.MEDIA
                and not minister):
            # a commander or a spokesman acts and speaks for the body (a unit he leads first)
            s.leaders.setdefault(person.entity.id, org.entity)
        s.absorbed[id(org)] = person
        if after:
            s.role_start[id(person)] = i
        i = max(org.end, person.end) if after else org.end
    return out


def _parent_org(s: Sentence, org: Mention) -> Mention | None:
    """The body a unit belongs to when written right after it with بـ/لـ/في."""
    k = skip_quotes_forward(s.doc, org.end)
    m = s.mention(k) if k < s.end else None
    if m is None or m is org or m.entity.type not in (EntityType.ORG, EntityType.ARMED_GROUP):
        return None
    return m if s.prep_before(m) in ("ب", "ل", "في") else None
