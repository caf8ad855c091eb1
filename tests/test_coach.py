"""The coach on a table of examples for every trap and move, and its evidence."""

from __future__ import annotations

import pytest

from outcomes_bot.coach.classifier import classify, sentences
from outcomes_bot.content.schema import MOVE_IDS, TRAP_IDS

TRAPS = [
    # the resource's own examples
    ("Given how tired you are I think you should have a lie down.", "expert"),
    ("I think you should move to a care home.", "power"),
    ("We should do this.", "problem_solving"),
    ("I think this may make you feel better.", "problem_solving"),
    ("How? What? When? Why? Who? What? Why?", "question_answer"),
    ("I see where you are coming from but you can't go upstairs.", "yes_but"),
    ("I can see why you're being verbally aggressive.", "labelling"),
    ("If you carry on like this, the situation is only going to get worse.", "confrontational"),
    # everyday versions, some wrapped in warm words
    ("Trust me, I've seen this loads of times, you need to rest more.", "expert"),
    ("In my experience the best thing for you is a walk-in shower.", "expert"),
    ("It's for your own good, love, you shouldn't be on those stairs.", "expert"),
    ("You'll have to accept the carers coming in the evenings now.", "power"),
    ("I've already arranged for the key safe to go in on Monday.", "power"),
    ("You're not allowed to go out on your own any more.", "power"),
    ("Why don't you just get a stairlift?", "problem_solving"),
    ("Have you tried taking your tablets with your breakfast?", "problem_solving"),
    ("Leave it with me, I'll sort it all out for you.", "problem_solving"),
    ("Did you sleep? Have you eaten? Did you take your tablets?", "question_answer"),
    ("What time did you get up, did you have breakfast and have you been out?", "question_answer"),
    ("I hear you, but you need to think about your safety.", "yes_but"),
    ("Yes, but the doctor said you can't manage the bath.", "yes_but"),
    ("I understand it's hard. But you have to let us help.", "yes_but"),
    ("You're in denial about your drinking.", "labelling"),
    ("That's just the dementia talking.", "labelling"),
    ("She's a difficult client, everyone says so.", "labelling"),
    ("Let's be honest, you can't keep drinking like this.", "confrontational"),
    ("You're kidding yourself if you think you'll manage the stairs.", "confrontational"),
    ("You'll end up in hospital again if you don't use the frame.", "confrontational"),
    # "yes, but" said across two sentences, with other words for "but"
    ("Fair enough, you've always walked to the shop. Still, the pavements are icy now.", "yes_but"),
    ("I know you like your own company. Mind you, a bit of company never hurt anyone.", "yes_but"),
    ("Of course you want to stay up for the match. Not on a school night, though.", "yes_but"),
    ("That's true, you did cook every day. That said, the cooker's a worry now.", "yes_but"),
    # grammatical shapes rather than set sentences
    ("Your mum will just have to get used to the new rota.", "power"),
    ("I've signed him down for the day centre on Tuesdays.", "power"),
    ("Tell your dad straight, he's not driving any more.", "power"),
    ("He's too proud for his own good, that one.", "labelling"),
    ("She's a fussy eater, always has been.", "labelling"),
    ("Nobody's taken your purse, love.", "confrontational"),
    ("You're smoking too much, and you know it is.", "confrontational"),
]

HARD_NEGATIVES = [
    "What do you think you should do?",
    "It sounds like your daughter thinks you should move, and you're not sure.",
    "You feel people label you as difficult.",
    "It's your decision, and I'll back you.",
    "What would help you feel better?",
    "I'm not going to tell you what to do.",
    "You should be really proud of how far you've come.",
    "What might happen if things carry on as they are?",
    "What's the worst that might happen if nothing changes?",
    "You want to go out, but you're worried about falling.",
    "It's not up to me, it's your choice.",
    "Would you like me to tell you about what other people have tried?",
    "Can you tell me a bit more about what's been happening?",
    "Take your time, there's no rush.",
    "Are you warm enough? Shall I put the fire on?",
    "You love your garden, and at the same time you're worried about kneeling.",
    "I know it's been a hard month, and you've still kept the house going.",
    "Okay, but what would you like to happen next?",
    "It feels as though nobody listens to you, and I know that's hard.",
    "Your son says you're drinking too much, and you see it differently.",
    "You want to stay in your own house, near your friends.",
]

MOVES = [
    ("Would you mind if we had a chat?", "asking_permission"),
    ("Can you tell me a bit more about what's been happening?", "open_question"),
    ("What concerns you most?", "open_question"),
    ("In terms of the bit that concerns you most, what would you like to have happen?", "open_question"),
    ("What would have to be different for that to happen?", "open_question"),
    ("Tell me about your garden.", "open_question"),
    ("On a scale of 1-10, where are you now?", "scaling_question"),
    ("What would get you to the next number?", "scaling_question"),
    ("What strengths do you have that will help you?", "strengths_question"),
    ("Who else could help you?", "strengths_question"),
    ("What do you need to do next?", "open_question"),
    ("Would you like me to give you a bit more information?", "asking_permission"),
    ("Could I ask you for a little more information?", "asking_permission"),
    ("Do you take your tablets in the morning?", "closed_question"),
    ("Is your daughter coming on Sunday?", "closed_question"),
    ("It sounds like bedtime really matters to you.", "reflection"),
    ("You miss being part of the kids' bedtime.", "reflection"),
    ("So you're worried about the stairs.", "reflection"),
    (
        "So, to sum up, you want to read the kids a bedtime story, you're determined, and you're going to ring Rhys.",
        "summary",
    ),
    ("Let me check I've got this right: you want to get out to the shops.", "summary"),
    ("Well done, that took real courage.", "affirmation"),
    ("You should be really proud of yourself.", "affirmation"),
    ("Thank you for telling me that.", "affirmation"),
    ("Sorry, I got ahead of myself there. What would you like to happen?", "repair"),
]


@pytest.mark.parametrize("text,trap", TRAPS)
def test_traps_are_named(flows, text, trap):
    result = classify(text, rules=flows.rules)
    assert trap in result.trap_ids, (text, result)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_raise_no_trap(flows, text):
    assert classify(text, rules=flows.rules).trap_ids == [], text


@pytest.mark.parametrize("text,move", MOVES)
def test_moves_are_recognised(flows, text, move):
    result = classify(text, rules=flows.rules)
    assert move in result.move_ids, (text, result)
    assert result.trap_ids == []


def test_table_covers_every_trap_and_move():
    assert {t for _, t in TRAPS} == set(TRAP_IDS)
    assert {m for _, m in MOVES} == set(MOVE_IDS)


def test_open_and_closed_are_exclusive_in_one_question(flows):
    for text in ("What matters most to you?", "Do you like your garden?", "How are you today?"):
        ids = classify(text, rules=flows.rules).move_ids
        assert ("open_question" in ids) != ("closed_question" in ids), text


def test_evidence_is_the_words_that_triggered_it(flows):
    text = "Morning! Given how tired you are I think you should have a rest."
    det = classify(text, rules=flows.rules).traps[0]
    assert det.id == "expert"
    assert det.evidence in text
    assert "i think you should" in det.evidence.lower()
    assert text[det.start : det.start + len(det.evidence)] == det.evidence


def test_curly_apostrophes_match_like_straight_ones(flows):
    assert "power" in classify("You\u2019re not allowed to go out.", rules=flows.rules).trap_ids


def test_question_answer_across_turns(flows):
    recent = [["closed_question"], ["closed_question"]]
    result = classify("Did you have your lunch?", recent=recent, rules=flows.rules)
    assert "question_answer" in result.trap_ids
    assert result.traps[0].evidence == "Did you have your lunch?"


def test_two_closed_turns_then_an_open_question_is_fine(flows):
    recent = [["closed_question"], ["closed_question"]]
    assert classify("What matters most to you today?", recent=recent, rules=flows.rules).trap_ids == []


def test_a_closed_question_after_an_open_one_is_not_a_run(flows):
    recent = [["open_question"], ["closed_question"]]
    assert classify("Did you have your lunch?", recent=recent, rules=flows.rules).trap_ids == []


def test_ideas_after_asking_permission_are_information_exchange(flows):
    text = "Some people have a second banister fitted, you could get one put in."
    assert "problem_solving" in classify(text, rules=flows.rules).trap_ids
    after_permission = classify(text, recent=[["asking_permission"]], rules=flows.rules)
    assert "problem_solving" not in after_permission.trap_ids


def test_a_trap_sentence_earns_no_move_credit(flows):
    result = classify("Why don't you just get a stairlift?", rules=flows.rules)
    assert result.move_ids == []


def test_but_at_the_start_of_a_sentence_joins_the_one_before():
    text = "I hear you. But it's not safe."
    assert sentences(text) == [(0, "I hear you. But it's not safe.")]


def test_pure_and_deterministic(flows):
    text = "It sounds like you miss the garden. What would you like to have happen?"
    first = classify(text, rules=flows.rules)
    assert all(classify(text, rules=flows.rules) == first for _ in range(3))
