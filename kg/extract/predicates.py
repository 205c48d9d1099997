"""Predicates and their arguments: verbs, verbal nouns, light verbs with an event noun,
participles (المدعومة من) and heads (بقيادة) find their subject and object — verb–subject–object,
subject–verb, relative clauses («التي يقودها X», «التي شنتها X على Y»), genitive and possessive
subjects of verbal nouns, coordination («مدينتي هون وسوكنة»)."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.arguments import (
    coordinated,
    coordinated_before,
    find_objects,
    subject_of_verb,
    subject_of_verb_after,
)
from kg.extract.mentions import TRANSPARENT, Mention
from kg.extract.resources import FUNCTION_WORDS, PREPOSITIONS, Gazetteer, Predicate, lex_key
from kg.extract.sentence import (
    _OBJECT_PRONOUNS,
    CONTINUATION,
    PRONOUN_THAT,
    REL_PRONOUNS,
    THAT_WORDS,
    Reading,
    Sentence,
    kind_ok,
    skip_quotes_forward,
)
from kg.extract.speech import Speech
from kg.model import Entity, EntityType, Modality, RelationType
from kg.normalize import normalize


def _has_object_pronoun(s: Sentence, i: int) -> bool:
    if s.doc[i].text.endswith("ة"):
        return False  # a ta marbuta, not the pronoun ه
    form = s.norm(i)
    for suffix in _OBJECT_PRONOUNS:
        if (
            form.endswith(suffix)
            and len(form) - len(suffix) >= 2
            and s.lex.lookup(form[: -len(suffix)])
        ):
            return True
    return False


_RESUMPTIVE = {normalize(w): normalize(p) for w, p in (
    ("عليها", "على"), ("عليه", "على"), ("عليهم", "على"), ("منها", "من"), ("منه", "من"),
    ("فيها", "في"), ("فيه", "في"), ("إليها", "الى"), ("اليها", "الى"), ("إليه", "الى"),
    ("ضدها", "ضد"), ("ضده", "ضد"))}


def _resumptive_prep(s: Sentence, i: int, p: Predicate) -> bool:
    """Whether the verb at ``i`` is followed by its own preposition with a pronoun that
    refers back to a relative clause's head: «التي سيطر عليها الثوار»."""
    k = i + 1
    return k < s.end and _RESUMPTIVE.get(s.norm(k)) in p.preps


_SOME = frozenset(normalize(w) for w in ("أحد", "إحدى", "بعض", "عدد"))


def _unnamed_subject_after(s: Sentence, i: int) -> bool:
    """Whether the verb at ``i`` has a subject of its own that names no entity, so the
    previous sentence's subject does not carry over: «وتوعد المتحدث …», «كما حذر الرئيس
    المصري من …», «واستهدف أحد هذه التفجيرات …»."""
    k = skip_quotes_forward(s.doc, i + 1)
    if k >= s.end or s.mention(k) is not None:
        return False
    form = s.norm(k)
    return (form in _SOME or form in s.lex.titles or lex_key(form) in s.lex.descriptors
            or form in s.lex.descriptors)


_RELATIVE_AUXILIARIES = frozenset(normalize(w) for w in ("قد", "كان", "كانت", "كانوا"))


def _relative_start(s: Sentence, i: int) -> int:
    """Where the relative pronoun of a verb at ``i`` would be: before «قد», «كان» or both
    («الذي كان يقاتل», «التي كانت قد سيطرت»)."""
    j = i - 1
    while j >= s.start and j > i - 3 and s.norm(j) in _RELATIVE_AUXILIARIES:
        j -= 1
    return j


def _after_relative_pronoun(s: Sentence, i: int) -> bool:
    """Whether the word at ``i`` opens a relative clause: after التي/الذي (and «قد», «كان»)."""
    j = _relative_start(s, i)
    return j >= s.start and s.norm(j) in REL_PRONOUNS


def _relative_head(s: Sentence, i: int) -> Mention | None:
    """For a verb right after التي/الذي: the mention the relative clause hangs on."""
    j = _relative_start(s, i)
    if j < s.start or s.norm(j) not in REL_PRONOUNS:
        return None
    set_off = s.clitic(j).startswith("و") or (j - 1 >= s.start and s.norm(j - 1) in ("،", ","))
    j -= 1
    gap = 0
    while j >= s.start and gap < 4:
        m = s.mention(j)
        if m is not None:
            if set_off and id(m) in s.attached:
                # «قوات الدعم المركزي التابعة لحكومة الوفاق، والتي يقودها …»: set off by a
                # comma, the clause describes the phrase's head, not the owner inside it
                return s.attached[id(m)]
            return m
        if s.lex.lookup(s.norm(j)) and s.norm(j) not in ("عمليات", "عمليه"):
            return None
        j -= 1
        gap += 1
    return None


def _object_of_verb(s: Sentence, m: Mention) -> bool:
    """Whether ``m`` stands right after a verb of the lexicon whose subject came before it."""
    j = m.start - 1
    if j <= s.start:
        return False
    verb = not s.norm(j).startswith("ال") and s.doc[j].text[:1] in "تي" \
        and any(e.pos == "verb" for e in s.lex.lookup(s.norm(j)))
    return verb and s.mention(j - 1) is not None


def _words_between(s: Sentence, a: int, b: int) -> int:
    """Words strictly between tokens ``a`` and ``b``: quotes and punctuation not counted."""
    return sum(1 for k in range(a + 1, b)
               if s.norm(k) not in TRANSPARENT and not s.doc[k].is_punct)


def _other_event_between(s: Sentence, a: int, b: int) -> bool:
    """Whether an event told apart from the one at ``b`` stands between ``a`` and ``b``. Event
    words in one chain with it (at most two words apart: «إطلاق عملية عسكرية لاستعادة
    السيطرة», «تدمير والسيطرة») are one announcement; «أعلنت تدمير الآليات … بعد محاولتها شن
    هجوم» announces the destruction, not the attack."""
    control = s.lex.words_of("control_verbs")
    words = 0  # words since the chain's nearest event word, going back
    # «أعلنت سيطرتها الكاملة على مدينة غريان … وطرد قوات حفتر منها»: joined by و, announced too
    joined = normalize(s.doc[b].text).startswith("و")
    for k in range(b - 1, a, -1):
        n = s.norm(k)
        if n in TRANSPARENT or s.doc[k].is_punct:
            continue
        event = n not in control and s.mention(k) is None and any(
            not e.relation.is_standing for e in s.lex.lookup(n))
        if event:
            if words > 2 and not joined:
                return True
            words, joined = 0, normalize(s.doc[k].text).startswith("و")
        else:
            words += 1
    return False


def _noun_subject(
    s: Sentence, i: int, p: Predicate, speeches: list[Speech], gaz: Gazetteer
) -> tuple[Mention | None, str]:
    """Subject of a verbal noun: a demonym (تهديد تركي), a genitive (انسحاب مرتزقة فاغنر), a
    possessive (هجومها), the announcer (أعلن … إطلاق عملية), or «X مستمرة في …»."""
    # A verb of trying or managing before it: «تمكن الثوار من دخول», «تحاول قوات X انتزاع»
    controlled = _controller(s, i, speeches)
    if controlled is not None:
        return controlled, "noun-controlled"
    # «بالتنسيق مع X»: the manner of the clause's action, done by the clause's subject
    if p.relation is RelationType.COOPERATE and s.clitic(i).endswith("ب"):
        doer = _clause_subject(s, i)
        if doer is not None:
            return doer, "noun-manner"
    # A headline «الجيش الليبي: إسقاط مسيرتين»: the body before the colon acts
    if i >= s.start + 2 and s.norm(i - 1) in (":", "："):
        m = s.mention(i - 2)
        if m is not None and m.start == s.start and m.entity.type.is_actor:
            return m, "noun-headline"
    # An agent named after the event: «استهداف مطار معيتيقة من قبل قوات حفتر»
    agent = _agent_marked(s, i)
    if agent is not None:
        return agent, "noun-agent"
    # An attack «for» or «from» its agent: «هجوما لقوات حفتر على المطار», «غارات للطيران
    # الروسي على …», «بقصف صاروخي من قوات حفتر على راس لانوف» (an actor with لـ or من after
    # the noun and its adjective, then the noun's own preposition)
    if p.relation is RelationType.ASSAULT and p.pos == "noun":
        k = i + 1
        if k < s.end and s.mention(k) is None and not s.lex.lookup(s.norm(k)) \
                and s.norm(k) not in PREPOSITIONS and s.norm(k).endswith(("ي", "يه")):
            k += 1  # «صاروخي», «جوية»
        if k < s.end and s.norm(k) == "من":
            k += 1
        m = s.mention(k) if k < s.end else None
        after = s.norm(m.end) if m is not None and m.end < s.end else ""
        if m is not None and m.entity.type.is_actor and not m.entity.type.is_place and (
            (s.prep_before(m) in ("ل", "من") and after in p.preps - {"", "ل", "من"})
            # «هجوم قوات حفتر على طرابلس»: a genitive actor, then where the attack goes
            or (s.prep_before(m) == "" and k == i + 1 and m.method != "descriptor"
                and after in p.preps - {"", "ل", "من", "ب"})
        ):
            return m, "noun-genitive"
    # A demonym adjective: تهديد تركي جديد، تهديدات أميركية
    for k in range(i + 1, min(i + 3, s.end)):
        country = s.lex.demonyms.get(s.norm(k))
        if country:
            entity = gaz.by_name(country)
            if entity is not None:
                return Mention(k, k + 1, entity, "demonym"), "noun-demonym"
    # A genitive actor right after: انسحاب (مجموعات من مرتزقة) فاغنر
    if p.object_kind == "place" or p.relation in (
        RelationType.RETREAT,
        RelationType.CONSULT,
        RelationType.THREATEN,
    ):
        k = i + 1
        while k < min(i + 5, s.end) and s.mention(k) is None:
            if s.norm(k) in PREPOSITIONS and s.norm(k) != "من":
                break
            k += 1
        m = s.mention(k) if k < s.end else None
        if (
            m is not None
            and m.entity.type.is_actor
            and not m.entity.type.is_place
            and s.prep_before(m) in ("", "من")
            and m.method != "descriptor"
        ):
            return m, "noun-genitive"
    # A possessive suffix: the nearest actor before it in the sentence («سيطرتهم» is plural:
    # not one person's).
    if _has_object_pronoun(s, i):
        # «سيطرتهم» is plural and «دعمها» feminine (or a body's): not one man's
        plural = s.norm(i).endswith(("هم", "هما", "ها"))
        candidates = [
            m for j in range(i - 1, s.start - 1, -1)
            if (m := s.mention(j)) is not None and m.start == j
            and m.entity.type.is_actor
            and not m.entity.type.is_place
            and not (plural and m.entity.type is EntityType.PERSON)
            and m.method != "descriptor"
            and id(m) not in s.absorbed
        ]
        if candidates:
            m = candidates[0]
            if len(candidates) > 1 and _object_of_verb(s, m):
                # «قوات الوفاق تطرد قوات حفتر وتبسط سيطرتها»: the nearest actor is the first
                # verb's object; the pronoun is the clause's subject's
                return candidates[1], "noun-possessive"
            return m, "noun-possessive"
    # The announcer: أعلن خليفة حفتر … إطلاق عملية (no أن between)
    for sp in reversed(speeches):
        if (
            sp.verb < i
            and sp.speaker is not None
            and sp.speaker.entity.type.is_actor
            and (sp.that is None or sp.that > i)
            and _words_between(s, sp.verb, i) <= 16
            and not _other_event_between(s, sp.verb, i)
        ):
            subj = sp.speaker
            if subj.method == "descriptor":
                # An unnamed source reports; it acts only for the body it belongs to.
                if subj.org is None:
                    break
                return replace(subj, entity=subj.org, method="descriptor-org"), "noun-announced"
            body = s.leaders.get(subj.entity.id) if subj.entity.type is EntityType.PERSON else None
            if body is not None:
                # «قال المتحدث باسم قوات الوفاق محمد قنونو … السيطرة على ترهونة»: the body acts
                return replace(subj, entity=body, method="topic"), "noun-announced"
            return subj, "noun-announced"
    # «X مستمرة في إلحاق …»: an unprepositioned actor a few words before, nothing between.
    for j in range(i - 1, max(i - 5, s.start - 1), -1):
        m = s.mention(j)
        if m is not None:
            before = s.norm(m.start - 1) if m.start > s.start else ""
            governed = before in s.lex.reporting or any(
                e.pos == "verb" for e in s.lex.lookup(before)
            )
            if (
                m.entity.type.is_actor
                and s.prep_before(m) == ""
                and m.method != "descriptor"
                and not governed
            ):
                return m, "noun-topic"
            break
        n = s.norm(j)
        if s.lex.lookup(n) or n in s.lex.modality_cues or n in s.lex.reporting or s.doc[j].is_punct:
            break
    return None, ""


def _modality(s: Sentence, i: int, p: Predicate, speech: Speech | None) -> Modality | None:
    """None when the event is negated (عدم اقتحام، لم يقصف)."""
    cues = {s.lex.modality_cues.get(s.norm(k)): k for k in range(max(s.start, i - 8), i)}
    cues.pop(None, None)
    if "negated" in cues and "denied" not in cues:
        # «لم يقصف», and past an auxiliary or adverb: «لم يتم حتى الآن السيطرة»
        between = {s.norm(k) for k in range(cues["negated"] + 1, i)}
        if i - cues["negated"] <= 2 or (
            i - cues["negated"] <= 6 and between & _AUXILIARIES and "،" not in between
        ):
            return None
    if "denied" in cues or (speech is not None and speech.denied):
        return Modality.DENIED
    if p.modality is not None:
        return p.modality
    form = s.norm(i)
    if p.pos == "verb" and form[:2] in ("سي", "ست", "سن") and s.lex.lookup(form[1:]):
        return Modality.PLANNED  # «ستشن القوات هجوما»: the future tense
    if "alleged" in cues or (speech is not None and speech.alleged):
        return Modality.ALLEGED
    if "planned" in cues:
        return Modality.PLANNED
    if _threatened(s, i):
        return Modality.THREATENED  # «التهديدات … بشن هجوم على سرت»
    return Modality.ASSERTED


def _threatened(s: Sentence, i: int) -> bool:
    """Whether the event at ``i`` is what a threat before it, in the same clause, promises."""
    for k in range(i - 1, max(s.start - 1, i - 8), -1):
        n = s.norm(k)
        if n in ("،", ",", ".") or n in s.lex.reporting:
            return False
        if any(e.relation is RelationType.THREATEN for e in s.lex.lookup(n)):
            return True
    return False


def _between(s: Sentence, i: int) -> Mention | None:
    for k in (i + 1, i + 2):
        if k + 1 < s.end and s.norm(k) == "بين":
            for j in range(k + 1, min(k + 4, s.end)):
                if s.mention(j) is not None:
                    return s.mention(j)
    return None


def predicate_readings(
    s: Sentence, speeches: list[Speech], gaz: Gazetteer, last_subject: Mention | None,
    last_speaker: Mention | None = None,
) -> list[Reading]:
    out: list[Reading] = []
    topic = None
    topic_at = -1
    topic_words: tuple[int, int] | None = None
    for sp in speeches:
        if sp.that is not None and s.norm(sp.that) in PRONOUN_THAT and sp.speaker is not None:
            topic = _forces_of(s, sp.speaker)
            topic_at = sp.that
            same = topic is sp.speaker.entity and sp.speaker.method != "descriptor"
            topic_words = (sp.speaker.start, sp.speaker.end) if same else None
    _attach(s)
    light_nouns: dict[int, tuple[int, str]] = {}
    light_subjects: dict[int, Mention] = {}
    for i in range(s.start, s.end):
        if s.mention(i) is None and any(e.light for e in s.lex.lookup(s.norm(i))):
            noun = _event_noun(s, i)
            if noun is not None:
                light_nouns[i] = noun
                s.consumed.add(noun[0])
    for i in range(s.start, s.end):
        if s.mention(i) is not None or i in s.consumed:
            continue
        norm = s.norm(i)
        entries = s.lex.lookup(norm)
        if not entries:
            continue
        p = _choose_entry(s, i, entries)
        if p is None:
            continue
        label = p.label
        if p.light:
            if i not in light_nouns:
                continue
            label = light_nouns[i][1]
        aimed = _attack_aimed_at_seizing(s, i, p)
        aim_agent = None
        if aimed is not None:
            # «شنت هجوما للسيطرة على X», «عملية لتحرير X»: an attack on X, not a seizure
            p, label = replace(p, relation=RelationType.ASSAULT), aimed[0]
            aim_agent = _light_agent(s, aimed[1], light_nouns, light_subjects)
        speech = next((sp for sp in reversed(speeches) if sp.verb < i), None)
        modality = _modality(s, i, p, speech)
        if modality is None:
            continue
        subject: Mention | None = None
        objects: list[Mention] = []
        method = ""
        if p.head or p.passive:
            before = _head_before(s, i)
            after = find_objects(s, i + 1, p, None) or _demonym_adverb(s, i + 1, gaz)
            if before is None or not after:
                continue
            for o in after:
                subj, obj = (o, before) if p.invert else (before, o)
                out.append(
                    Reading(
                        subj,
                        p.relation,
                        label,
                        obj,
                        s.start,
                        s.end,
                        i,
                        "participle" if p.passive else "head",
                        0.85,
                        modality,
                    )
                )
            continue
        targeted = _event_before(s, i, p)
        if targeted is not None:
            # «شنت مقاتلاته غارات استهدفت مواقع لـX», «قصف الناتو استهدف مبان»: the verb's
            # grammatical subject is the event; its agent is the event's
            event_at, noun_label = targeted
            agent = _event_agent(s, event_at, light_nouns, light_subjects, speeches, gaz)
            if agent is not None:
                objects = find_objects(s, i + 1, p, agent)
                for obj in objects:
                    if obj.entity.id != agent.entity.id:
                        out.append(Reading(agent, p.relation, noun_label, obj, s.start, s.end,
                                           i, "noun-targeted", 0.7, modality))
                if objects:
                    continue
            else:
                continue  # «القصف استهدف مواقع الزنتان»: the attack is the subject, its agent
                # unnamed; the name after the verb is its target, not its subject
        if p.pos == "verb":
            head = _relative_head(s, i)
            if head is None and _after_relative_pronoun(s, i) and (
                _resumptive_prep(s, i, p) or (_has_object_pronoun(s, i) and "" in p.preps)
            ):
                # «طيران التحالف الذي تقوده السعودية»: the pronoun is the clause's head,
                # which names no entity here, so the verb has no object to read after it
                continue
            resumed = head is not None and _resumptive_prep(s, i, p)
            if resumed and head is not None:
                # «عدن التي استولت عليها ميليشيات الحوثي»: the preposition's pronoun is the
                # head, the clause's own subject follows it
                subject = subject_of_verb_after(s, i + 1)
                method = "relative-object"
                objects = [head] if subject is not None and kind_ok(head, p.object_kind) else []
            elif head is not None and _has_object_pronoun(s, i):
                subject = subject_of_verb_after(s, i)
                method = "relative-object"
                if subject is not None and "" in p.preps and not p.light:
                    objects = [head]
                elif subject is not None:
                    objects = find_objects(s, subject.end, p, subject)
            elif head is not None:
                subject, method = head, "relative-subject"
                objects = find_objects(s, i + 1, p, subject)
            else:
                if (
                    speech is not None
                    and speech.speaker is not None
                    and i > s.start
                    and s.norm(i - 1) in s.lex.words_of("own_forces")
                ):
                    # «إن قواته استعادت …»: the speaker's own forces.
                    who = speech.speaker
                    subject = Mention(i - 1, i, _forces_of(s, who), "topic")
                    method = "verb-own-forces"
                elif i > s.start and s.norm(i - 1) in _PRONOUN_SUBJECTS:
                    # «أنهم يحاصرون مقاتلين …», «وهم يحاصرون …»: the pronoun is the subject,
                    # and what follows the verb is its object
                    subject, method = None, "verb"
                else:
                    subject = subject_of_verb(s, i)
                    method = "verb"
                if subject is None and topic is not None:
                    subject = Mention(i, i + 1, topic, "topic", said_as=topic_words)
                    method = "verb-topic"
                elif (
                    subject is None
                    and last_subject is not None
                    and (
                        s.clitic(i).startswith(("و", "ف"))
                        or (i > s.start and s.norm(i - 1) in CONTINUATION)
                    )
                    and not _unnamed_subject_after(s, i)
                ):
                    subject = last_subject
                    method = "verb-continued"
                if subject is not None:
                    start = _after_subjects(s, subject, i)
                    objects = find_objects(s, start, p, subject)
                if (
                    p.relation is RelationType.ACCUSE
                    and subject is not None
                    and subject.start > i
                    and not _has_object_pronoun(s, i)  # «وتتهمها الحكومة بأنها …»
                    and _charged_with(s, subject.end)
                ):
                    # «واتهم إيران باستغلال الحوثيين»: the one named is the accused; the
                    # accuser is who the clause goes on about, or no one named
                    objects = [subject]
                    # who spoke or acted last before it: an accusation is said by someone
                    named = [m for m in (last_speaker, last_subject) if m is not None]
                    accuser = max(named, key=lambda m: m.start) if named else None
                    continued = s.clitic(i).startswith(("و", "ف"))
                    subject = accuser if continued else None
                    method = "verb-continued"
                as_noun = next(
                    (e for e in entries if e.pos == "noun" and e.relation is p.relation), None
                )
                if (subject is None or not objects) and as_noun is not None:
                    # «أعلن الحوثيون شن هجمات على …»: شن read as the verbal noun it also is
                    subject, method = _noun_subject(s, i, as_noun, speeches, gaz)
                    if subject is not None:
                        start = _after_subjects(s, subject, i)
                        objects = find_objects(s, start, as_noun, subject)
        elif (accused := _accused(s, i)) is not None:
            # «اتهمت X Y بقصف Z»: Y's attack is what X alleges
            subject, method = accused, "noun-accused"
            modality = Modality.ALLEGED if modality is Modality.ASSERTED else modality
            objects = find_objects(s, i + 1, p, subject)
        elif p.relation in _SYMMETRIC and (b := _between(s, i)) is not None:
            # لقاءات (عدة) بين X و Y: the two sides of a meeting, an exchange, an agreement.
            subject, method = b, "noun-between"
            assert subject is not None
            objects = coordinated(s, subject, "actor")
            if not objects:
                k = subject.end
                while k < min(subject.end + 6, s.end) and s.mention(k) is None:
                    k += 1
                nxt = s.mention(k) if k < s.end else None
                if (
                    nxt is not None
                    and nxt.entity.type.is_actor
                    and s.clitic(skip_quotes_forward(s.doc, nxt.start)).startswith("و")
                ) or (nxt is not None and s.norm(subject.end) == "و"):
                    objects = [nxt]
            for obj in objects:
                out.append(
                    Reading(
                        subject, p.relation, label, obj, s.start, s.end, i, method, 0.75, modality
                    )
                )
            continue
        else:
            subject, method = (aim_agent, "noun-aim") if aim_agent is not None \
                else _noun_subject(s, i, p, speeches, gaz)
            if (
                subject is None
                and topic is not None
                and 0 <= i - topic_at <= 20
                and not any(s.norm(k) in REL_PRONOUNS for k in range(topic_at, i))
            ):
                # «أعلنت X أنها تمكنت من السيطرة»: not inside a relative clause about another
                subject = Mention(i, i + 1, topic, "topic", said_as=topic_words)
                method = "noun-topic-speaker"
            if subject is not None:
                start = _after_subjects(s, subject, i)
                objects = find_objects(s, start, p, subject)
        if method == "noun-agent" and subject is not None:
            objects = find_objects(s, i + 1, p, subject)
        if p.light and subject is not None:
            light_subjects[i] = subject  # the agent of its event noun, if a verb aims it
        if subject is None or not objects:
            continue
        # «أعلنت الإمارات والسعودية دعم …»: coordinated subjects after the verb or announcer
        coordinate = subject.start > i or method == "noun-announced"
        subjects = [subject, *(coordinated(s, subject, "actor") if coordinate else [])]
        if method == "verb" and subject.end <= i:
            # «الجيش السوداني وقوات الدفاع الشعبي دخلوا …»: every actor of the list acts
            joined_before = coordinated_before(s, subject)
            if joined_before is None:
                continue
            subjects = [*joined_before, subject]
        conf = _CONFIDENCE.get(method, 0.6)
        if subject.entity.type.is_actor and not p.relation.is_standing:
            # «قذف الجيش … حيث استهدفت …», «شن هجوما … ويخوض قتالا»: within the sentence too
            last_subject = subject
        for subj in subjects:
            if not subj.entity.type.is_actor:
                continue
            for obj in objects:
                if obj.entity.id == subj.entity.id:
                    continue
                c = conf - (0.1 if "trigger" in (subj.method, obj.method) else 0.0)
                # «يتكون جيش الفتح من حركة أحرار الشام»: the whole is the verb's subject, the
                # part its object, and the claim is the part's
                part, whole = (obj, subj) if p.invert and p.pos == "verb" else (subj, obj)
                out.append(
                    Reading(
                        part,
                        p.relation,
                        label,
                        whole,
                        s.start,
                        s.end,
                        i,
                        method,
                        round(max(0.1, min(0.99, c)), 2),
                        modality,
                    )
                )
    return out


_AUXILIARIES = frozenset(
    normalize(w) for w in ("يتم", "تم", "تتم", "يجري", "تجري", "حتى", "الآن", "الان")
)


_MODIFIERS = frozenset(
    normalize(w)
    for w in (
        "،",
        ",",
        "دوليا",
        "دولياً",
        "أمميا",
        "المعترف",
        "بها",
        "به",
        "بهم",
        "عسكريا",
        "ماليا",
        "سياسيا",
        "جويا",
        "أيضا",
        "ايضا",
        "كذلك",
        "الوطني",
        "الوطنية",
        "الشرعية",
        "المؤقتة",
    )
)


def _modifier(s: Sentence, j: int) -> bool:
    """Whether token ``j`` can stand between a name and the participle that describes it: a
    comma, an adverb, an adjective (a nisba ending or a known one), a quote."""
    n = s.norm(j)
    if n in _MODIFIERS or n in TRANSPARENT or n in s.lex.demonyms:
        return True
    if n in s.lex.words_of("force_modifiers") or n in s.lex.words_of("place_adjectives"):
        return True
    return n.endswith(("ي", "يه", "يا", "يين", "يون", "يتين"))


def _after_reported_subject(s: Sentence, i: int) -> bool:
    """«أعلنت الإمارات والسعودية دعم السودان»: after a reporting verb and its subject, with no
    «أن» between, a verb form is the verbal noun."""
    j = i - 1
    seen_subject = False
    while j >= s.start:
        m = s.mention(j)
        if m is not None:
            seen_subject = True
            j = m.start - 1
            continue
        if s.norm(j) in ("و", "،", ","):
            j -= 1
            continue
        break
    return seen_subject and j >= s.start and s.norm(j) in s.lex.reporting


def _clause_subject(s: Sentence, i: int) -> Mention | None:
    """«قوات الوفاق شنت الهجوم بالتنسيق مع X»: the subject of the clause's verb before ``i``."""
    for j in range(i - 1, max(s.start - 1, i - 8), -1):
        if s.mention(j) is not None:
            continue
        if any(e.pos == "verb" for e in s.lex.lookup(s.norm(j))) and not s.norm(j).startswith("ال"):
            return subject_of_verb(s, j)
    return None


_AGENT_WORDS = frozenset(normalize(w) for w in ("قبل", "طرف", "يد", "أيدي", "ايدي"))


def _agent_marked(s: Sentence, i: int) -> Mention | None:
    """«… من قبل X», «… من طرف X», «… على يد X» within the clause after the event at ``i``."""
    for k in range(i + 1, min(i + 12, s.end - 1)):
        n = s.norm(k)
        if n in ("،", ",", ".") or n in s.lex.reporting:
            return None
        if n in _AGENT_WORDS and s.norm(k - 1) in ("من", "علي", "على"):
            j = skip_quotes_forward(s.doc, k + 1)
            m = s.mention(j) if j < s.end else None
            if m is not None and m.entity.type.is_actor and not m.entity.type.is_place:
                return m
            return None
    return None


def _after_subjects(s: Sentence, subject: Mention, i: int) -> int:
    """Where the object search starts: after the subject and those coordinated with it when the
    subject follows the predicate («وتدعم روسيا والإمارات ومصر قوات حفتر»)."""
    if subject.start < i:
        return i + 1
    joined = coordinated(s, subject, "actor")
    end = (joined[-1] if joined else subject).end
    # «دعا الأمين العام للأمم المتحدة أنطونيو غوتيريش …»: a name in apposition is the subject
    nxt = s.mention(end) if end < s.end else None
    if nxt is not None and nxt.entity.type is EntityType.PERSON and s.prep_before(nxt) == "":
        end = nxt.end
    return end


_PURPOSE = frozenset(normalize(w) for w in ("ل", "لـ", "بهدف", "بغية", "لاجل", "اجل", "سعيا"))


def _attack_aimed_at_seizing(s: Sentence, i: int, p: Predicate) -> tuple[str, int] | None:
    """The label of the attack a seizure at ``i`` is the aim of, and where its noun is."""
    if p.relation is not RelationType.SEIZE or p.pos != "noun":
        return None
    j = i - 1
    while j >= s.start and s.norm(j) in TRANSPARENT:
        j -= 1
    if j >= s.start and not s.clitic(i).strip("وف") and s.mention(j) is None:
        # «عملية تحرير درنة», «معركة تحرير سرت»: the seizure names the attack it is the aim of
        attack = [e for e in s.lex.lookup(s.norm(j))
                  if e.relation is RelationType.ASSAULT and e.pos == "noun"]
        if attack:
            return f"{s.doc[j].text} {s.doc[i].text}", j
    purpose = s.clitic(i).lstrip("وف").startswith("ل") or (j >= s.start and s.norm(j) in _PURPOSE)
    if not purpose:
        return None
    for k in range(i - 1, max(s.start - 1, i - 8), -1):
        for e in s.lex.lookup(s.norm(k)):
            if e.relation is RelationType.ASSAULT and (e.pos == "noun" or e.light):
                return e.label, k
    return None


def _light_agent(s: Sentence, k: int, light_nouns: dict[int, tuple[int, str]],
                 light_subjects: dict[int, Mention]) -> Mention | None:
    """The subject of the verb that carries the event noun at ``k``: a light verb («بدأ الجيش
    عملية عسكرية …») or an attack verb taking it («أطلقت قوات الوفاق، السبت، عملية …»)."""
    for verb, (noun, _) in light_nouns.items():
        if noun == k:
            return light_subjects.get(verb)
    for v in range(k - 1, max(s.start - 1, k - 10), -1):
        if s.mention(v) is None and any(e.relation is RelationType.ASSAULT and e.pos == "verb"
                                        for e in s.lex.lookup(s.norm(v))):
            m = subject_of_verb(s, v)
            return m if m is not None and m.end <= k else None
    return None


def _forces_of(s: Sentence, who: Mention) -> Entity:
    """Whose forces «قواته» are: the body a source speaks for, the body a commander leads."""
    return who.org or s.leaders.get(who.entity.id) or who.entity


def _controller(s: Sentence, i: int, speeches: list[Speech]) -> Mention | None:
    """The subject of a verb of trying or managing that governs the verbal noun at ``i``."""
    control = s.lex.words_of("control_verbs")
    for j in range(i - 1, max(s.start - 1, i - 14), -1):
        n = s.norm(j)
        if n in control:
            before = j - 1
            while before > s.start and s.norm(before) in TRANSPARENT:
                before -= 1
            if before >= s.start and s.norm(before) in s.lex.words_of("own_forces"):
                # «إن قواته تمكنت من طرد …»: the speaker's own forces
                speech = next((sp for sp in reversed(speeches) if sp.verb < j), None)
                if speech is not None and speech.speaker is not None:
                    who = speech.speaker
                    return Mention(before, before + 1, _forces_of(s, who), "topic")
            subject = subject_of_verb(s, j)
            if subject is not None and subject.end <= i:
                return subject
            return None
        if s.mention(j) is None and (s.lex.lookup(n) or n in s.lex.reporting):
            return None
        if n in ("،", ",") and not (j + 1 < i and s.norm(j + 1) in ("من", "في")):
            return None  # «تمكنت القوات …، من السيطرة»: only the comma before the complement
    return None


# Relations that «بين X و Y» can carry: a meeting or a deal has two sides and no direction; a
# clash «بين X و Y» says nothing of who attacked.
_SYMMETRIC = frozenset(
    {RelationType.CONSULT, RelationType.AGREE, RelationType.COOPERATE, RelationType.REJECT}
)


_PRONOUN_SUBJECTS = PRONOUN_THAT | frozenset(
    normalize(w) for w in ("هم", "وهم", "هي", "وهي", "هو", "وهو", "هما", "وهما", "نحن", "ونحن")
)


def _demonym_adverb(s: Sentence, k: int, gaz: Gazetteer) -> list[Mention]:
    """«المدعومة إماراتيا»: an adverb of nationality names the country."""
    if k >= s.end:
        return []
    form = s.norm(k)
    for key in (form, form[:-1] if form.endswith("ا") else form):
        country = s.lex.demonyms.get(key)
        entity = gaz.by_name(country) if country else None
        if entity is not None:
            return [Mention(k, k + 1, entity, "demonym")]
    return []


_THAT_SUFFIXED = frozenset(normalize(w) for w in ("بأن", "بأنه", "بأنها", "بأنهم", "بانه", "بانها"))


_NOT_CHARGES = frozenset(normalize(w) for w in ("بعد", "بسبب", "بشأن", "بحسب", "بينما", "بدوره",
                                                  "بدورها", "بين", "بعض", "بالتزامن", "برفقة"))


def _charged_with(s: Sentence, k: int) -> bool:
    """Whether the charge («بـ» and a verbal noun, «بأن …») starts at token ``k``."""
    k = skip_quotes_forward(s.doc, k)
    if k >= s.end or s.mention(k) is not None:
        return False
    raw = normalize(s.doc[k].text)
    # «بدعم» (a known noun, its clitic split off), «باستغلال», «بخرق»: after «اتهم X» a word
    # in بـ is the charge, unless it is a connective («بعد», «بسبب»)
    return (s.clitic(k).endswith("ب") or raw in _THAT_SUFFIXED
            or (raw[:1] == "ب" and len(raw) > 3 and raw not in FUNCTION_WORDS
                and raw not in _NOT_CHARGES))


def _accused(s: Sentence, i: int) -> Mention | None:
    """For a verbal noun with بـ right after an accusation's object («اتهم X Y بقصف Z»): Y."""
    if not s.clitic(i).endswith("ب"):
        return None
    j = i - 1
    while j >= s.start and s.norm(j) in TRANSPARENT:
        j -= 1
    m = s.mention(j) if j >= s.start else None
    if m is None or not m.entity.type.is_actor or m.entity.type.is_place:
        return None
    for k in range(max(s.start, m.start - 8), m.start):
        if any(e.relation is RelationType.ACCUSE for e in s.lex.lookup(s.norm(k))):
            accuser = subject_of_verb(s, k)
            # «ندد المجلس بقصف …»: the accuser is not the accused
            return None if accuser is not None and accuser.entity.id == m.entity.id else m
    return None


def _attach(s: Sentence) -> None:
    """Mark the arguments of «بقيادة X», «المدعومة من X», «التابعة لـX» as belonging to the
    mention the phrase describes, before any verb looks for its subject and object."""
    for i in range(s.start, s.end):
        if s.mention(i) is not None:
            continue
        entries = s.lex.lookup(s.norm(i))
        if not any(e.head or e.passive for e in entries):
            continue
        p = _choose_entry(s, i, entries)
        if p is None or not (p.head or p.passive):
            continue
        before = _head_before(s, i)
        if before is None:
            continue
        for o in find_objects(s, i + 1, p, None):
            s.attached[id(o)] = before


_CONFIDENCE = {
    "verb": 0.85,
    "relative-object": 0.85,
    "relative-subject": 0.8,
    "noun-genitive": 0.75,
    "noun-demonym": 0.7,
    "noun-announced": 0.75,
    "noun-possessive": 0.65,
    "noun-topic": 0.65,
    "verb-topic": 0.6,
    "noun-topic-speaker": 0.55,
    "verb-continued": 0.5,
    "verb-own-forces": 0.6,
}


def _with_words(s: Sentence, i: int) -> set[str]:
    """The words that make a verb's reading («أطلق» + عملية): the three after it, and past a
    subject named after it the three after that («أطلقت قوات الوفاق، السبت، عملية …»)."""
    window = {lex_key(s.norm(k)) for k in range(i + 1, min(i + 4, s.end))}
    k = i + 1
    while k < s.end and s.norm(k) in TRANSPARENT:
        k += 1
    m = s.mention(k) if k < s.end else None
    if m is not None and m.start == k:
        words = [j for j in range(m.end, min(m.end + 6, s.end)) if s.norm(j) not in ("،", ",")]
        window |= {lex_key(s.norm(j)) for j in words[:3]}
    if _has_object_pronoun(s, i):
        # «صاروخا أطلقه الحوثيون باتجاه …»: the pronoun stands for the complement before it
        window |= {lex_key(s.norm(k)) for k in range(max(s.start, i - 3), i)}
    return window


def _count_follows(s: Sentence, i: int) -> bool:
    """Whether a number or a count word («عدد», «عشرات») follows token ``i``."""
    k = i + 1
    return k < s.end and (s.doc[k].like_num or s.norm(k) in _COUNT_WORDS)


_COUNT_WORDS = frozenset(normalize(w) for w in ("عدد", "عددا", "عشرات", "العشرات", "مئات",
                                                  "المئات", "آلاف", "الآلاف", "نحو", "أكثر",
                                                  "اكثر", "قرابة", "حوالي"))


_PASSIVE_MAKERS = frozenset(normalize(w) for w in ("تم", "يتم", "وتم", "ويتم", "سيتم", "جرى"))


def _choose_entry(s: Sentence, i: int, entries: list[Predicate]) -> Predicate | None:
    """Pick the verb or noun reading of a form, and check required complements."""
    raw = s.doc[i].text
    # ة is normalised to ه: a written ta marbuta (سيطرة) tells the noun from verb+pronoun (سيطره)
    is_noun = s.norm(i).startswith("ال") or s.clitic(i).lstrip("وف") != "" or raw.endswith("ة")
    if i > s.start and s.norm(i - 1) in _PASSIVE_MAKERS:
        # «تم دحر عصابات الكاني»: the verbal noun of a passive, whose genitive is its object
        nouns = [e for e in entries if e.pos == "noun"]
        if not nouns:
            return None
        entries, is_noun = nouns, True
    if not is_noun and len({e.pos for e in entries}) > 1:
        is_noun = _after_reported_subject(s, i) or (
            # «سيطرتها»: a pronoun on a verb that takes no direct object is a possessive (not
            # after «التي»/«الذي», where «شنها» is the verb and the pronoun its head)
            _has_object_pronoun(s, i)
            and _relative_head(s, i) is None
            and all("" not in e.preps and not e.light for e in entries if e.pos == "verb")
        )
    ordered = sorted(entries, key=lambda e: (e.pos == "verb") == is_noun)
    for e in ordered:
        if e.head and not s.clitic(i).endswith("ب") and not s.norm(i).startswith("ب"):
            continue  # «بقيادة X» heads; «قيادة قوات الكرامة» is a noun phrase
        if e.with_words and not _with_words(s, i) & e.with_words:
            continue
        if e.counted and not _count_follows(s, i):
            continue
        return e
    return None


_AIMING_GAP = frozenset(normalize(w) for w in ("سلسلة", "عدة", "من", "جوية"))


def _event_before(s: Sentence, i: int, p: Predicate) -> tuple[int, str] | None:
    """For a verb that aims an attack (the ``aiming_verbs`` word class: استهدف، طال): the
    attack noun it follows within its clause, whose target the verb names («غارات جوية
    استهدفت …»). Between them only the noun's modifiers: numbers, adjectives, «بطائرات
    مسيرة»-like phrases, no name."""
    if p.relation is not RelationType.ASSAULT or s.norm(i) not in s.lex.words_of("aiming_verbs"):
        return None
    j = i - 1
    while j >= max(s.start, i - 7):
        if s.mention(j) is not None:
            return None
        n = s.norm(j)
        if n in ("،", ",", ".", ":") or n in s.lex.reporting or n in THAT_WORDS:
            return None
        for e in s.lex.lookup(n):
            if e.pos == "noun" and e.relation is RelationType.ASSAULT and not e.light:
                return j, e.label
        if s.lex.lookup(n) and n not in _AIMING_GAP:
            return None  # another predicate: the verb has its own clause
        j -= 1
    return None


def _event_agent(s: Sentence, noun: int, light_nouns: dict[int, tuple[int, str]],
                 light_subjects: dict[int, Mention], speeches: list[Speech],
                 gaz: Gazetteer) -> Mention | None:
    """Who carried out the event noun at ``noun``: the subject of the light verb that carries
    it («شنت مقاتلاته غارات»), else its genitive («قصف الناتو»), demonym or agent phrase."""
    for verb, (k, _) in light_nouns.items():
        if k == noun and verb in light_subjects:
            return light_subjects[verb]
    k = noun + 1
    while k < s.end and s.norm(k) in TRANSPARENT:
        k += 1
    m = s.mention(k) if k < s.end else None
    if (m is not None and m.entity.type.is_actor and not m.entity.type.is_place
            and s.prep_before(m) == "" and m.method != "descriptor"):
        return m
    entry = next((e for e in s.lex.lookup(s.norm(noun)) if e.pos == "noun"), None)
    if entry is None:
        return None
    agent, method = _noun_subject(s, noun, entry, speeches, gaz)
    return agent if method in ("noun-agent", "noun-demonym", "noun-controlled") else None


def _event_noun(s: Sentence, i: int) -> tuple[int, str] | None:
    """For a light verb (شن، نفذ، وجه): the event noun it carries and that noun's label."""
    # after the verb: within ten words besides the subject's (a long subject does not hide it)
    after: list[int] = []
    k = i + 1
    while k < s.end and len(after) < 10:
        m = s.mention(k)
        if m is not None:
            k = m.end
            continue
        after.append(k)
        k += 1
    for k in [*after, *range(i - 1, max(i - 6, s.start - 1), -1)]:
        if s.mention(k) is not None:
            continue
        for e in s.lex.lookup(s.norm(k)):
            if e.event_noun or (
                e.pos == "noun" and e.relation is RelationType.ASSAULT and not e.light
            ):
                return k, e.label
    return None


def _masculine_for_feminine(s: Sentence, i: int, m: Mention) -> bool:
    """Whether a masculine singular participle («التابع», «الموالي») follows a mention whose
    head noun is feminine singular («غرفة …», «كتيبة …»): it then describes another noun."""
    word = s.doc[i].text.rstrip("ًٌٍَُِّْ")
    head = s.doc[skip_quotes_forward(s.doc, m.start)].text
    return (s.norm(i).startswith("ال") and not word.endswith(("ة", "ه", "ين", "ون", "ان", "ات"))
            and head.endswith("ة") and m.entity.type is not EntityType.PERSON)


def _head_before(s: Sentence, i: int) -> Mention | None:
    """The mention a participle or «بقيادة» phrase describes: the nearest one before, past
    commas and short modifiers (المدعومة دوليًا، المعترف بها دوليا)."""
    j = i - 1
    gap = 0
    while j >= s.start and gap < 6:
        m = s.mention(j)
        if m is not None:
            if id(m) in s.absorbed and not any(
                e.passive and e.relation in (RelationType.PART_OF, RelationType.SUPPORT)
                for e in s.lex.lookup(s.norm(i))
            ):
                return None
            heads_org = any(e.head for e in s.lex.lookup(s.norm(i)))
            if _masculine_for_feminine(s, i, m):
                return None  # «قائد غرفة العمليات الرئيسية التابع لحفتر»: التابع is the قائد's
            return m if m.entity.type is not EntityType.PERSON or not heads_org else None
        n = s.norm(j)
        if n in s.lex.reporting or n in REL_PRONOUNS:
            return None
        if j < i - 1 and s.clitic(j).startswith("و"):
            return None  # «… وعملت الدول الداعمة لحفتر»: a new clause, not a modifier
        entries = s.lex.lookup(n)
        if entries and not any(e.passive for e in entries):
            return None
        if not entries and not _modifier(s, j):
            return None  # «التحصينات التابعة لنظام القذافي»: the participle describes a noun
        j -= 1
        gap += 1
    return None
