/**
 * Data for the lexicon-based sentiment fallback (English, with a small German supplement). Authored for Rapport from
 * general knowledge of review language; valences run from -4 (worst) to +4 (best). Words are written in their
 * normalized form (lower case, plain apostrophes). Each grade lists whitespace-separated words; a word belongs to one
 * grade only (a test checks this).
 */

type Grades = readonly (readonly [valence: number, words: string])[];

const WORD_GRADES: Grades = [
  [
    4,
    `superb phenomenal flawless flawlessly outstanding exceptional exceptionally magnificent spectacular
     breathtaking sublime extraordinary masterpiece masterful perfection marvelous marvellous exquisite
     impeccable impeccably heavenly stellar mindblowing ecstatic`,
  ],
  [
    3.5,
    `amazing amazingly awesome fantastic fantastically wonderful wonderfully incredible incredibly brilliant
     brilliantly excellent excellently terrific fabulous superbly stunning gorgeous delightful delighted
     thrilled love loved loves adore adored adores adoring perfect perfectly divine remarkable`,
  ],
  [
    3,
    `great greatest best beautiful beautifully delicious lovely loving favorite favourite favorites
     favourites impressive impressed superior wow wowed genius gem gems awesomeness excellence captivating
     riveting mesmerizing enchanting glorious splendid magical topnotch
     bravo yummy scrumptious mouthwatering`,
  ],
  [
    2.5,
    `happy happier happiest enjoyed enjoying enjoys enjoyable enjoy pleased pleasing pleasure tasty
     flavorful flavourful recommend recommended recommending recommends satisfying satisfied hilarious
     compelling gripping touching charming elegant stylish sturdy durable reliable reliably intuitive
     spotless fun funniest inspiring memorable helpful friendly kudos winner nice nicest`,
  ],
  [
    2,
    `good better glad grateful thankful thanks thank appreciate appreciated appreciative comfortable comfy
     cozy cosy polite courteous attentive welcoming accommodating efficient prompt promptly speedy
     affordable bargain convenient handy useful easy effortless effortlessly pretty cute sweet fresh
     clean solid sleek smooth smoothly professional knowledgeable responsive reasonable fair worthwhile
     engaging entertaining witty clever smart funny moving powerful impressively satisfaction success
     successful excited exciting enthusiastic glowing positive pleasant pleasantly lucky fortunate
     generous warmly attractive authentic crispy tender juicy refreshing relaxing relaxed calm
     peaceful safe secure trustworthy honest genuine premium luxurious luxury ideal lifesaver yay hooray
     nicely neatly wisely beloved charm cool`,
  ],
  [
    1.5,
    `decent fine liked likes liking fast quick quickly rapid simple simply easily worth
     valuable helpfully properly correctly accurate accurately consistent consistently stable sharp crisp
     clear clearly bright vibrant rich hearty filling quiet spacious roomy soft gentle kindly patient
      classic unique interesting intriguing innovative creative original inspired respectful
     improved improvement upgrade upgraded win wins won helped helps recommendable`,
  ],
  [
    1,
    `ok okay okey alright adequate acceptable satisfactory solidly capable functional
     cheaper inexpensive keen interested intact ontime sufficient suitable works like`,
  ],
  [
    -1,
    `average meh hard ordinary lukewarm weird strange odd expensive pricey costly pricy
     late delay delays delayed issue issues complicated confusing confused unclear unfortunately sadly
     sorry doubt doubtful lack missing wrong slow slowly noisy smelly bulky
        cramped crowded predictable cliche cliched cheesy silly overdone underdone salty
     greasy oily dry bitter sour soggy complaint complaints complain complained complaining
     returned refund refunds refunded`,
  ],
  [
    -1.5,
    `problem problems trouble troubles hassle headache headaches inconsistent unreliable unstable glitch
     glitches glitchy buggy bug bugs lag laggy sluggish dull boring bored tedious bland stale flimsy fragile
     weak weakly annoying annoyed annoyance irritating irritated frustrating frustrated frustration
     uncomfortable itchy scratchy scratched scratches scratch dented stain stained leak leaks leaking leaked
     difficult clumsy awkward lame overrated overpriced underwhelming underwhelmed unimpressed
     forgettable pointless shallow cheaply tacky sticky ugly dirty dusty upset unhappy sad
     mediocre mistake mistakes error errors fault
     faulty flaw flaws flawed inferior subpar substandard unprofessional unhelpful unfriendly ignored
     careless rushed negative concern concerned worried worry crash crashes crashed freezes froze frozen
     drains drained overheats overheating`,
  ],
  [
    -2.5,
    `bad badly poor poorly worse disappointing disappointed disappointment disappoints letdown fail fails failed failing failure broke broken breaks breaking cracked
     damaged defective malfunction malfunctioned malfunctioning died dead useless unusable worthless
     regret regrets regretted regrettable waste wasted wasting rude disrespectful incompetent dishonest
     misleading misled ripped torn dissatisfied unsatisfied displeased angry annoyingly unacceptable
     ridiculous stupid dumb idiotic nonsense mess messy filthy gross nasty unpleasant
     inedible undercooked overcooked burnt burned tasteless uneatable rotten spoiled moldy mouldy sick
     sickening painful pain hurt hurts hurting avoid beware scam scammed ripoff fraud fake
     counterfeit incoherent amateurish unfunny pretentious insulting insult offensive garbage junk crap
     crappy trash trashy rubbish`,
  ],
  [
    -3,
    `terrible terribly awful awfully horrible horribly hate hated hates hating dreadful lousy pathetic
     disaster disastrous nightmare miserable worthlessness furious outraged livid disgusted disgusting
      hideous repulsive revolting vile sucks suck sucked sucky shitty shit unwatchable
     unbearable intolerable`,
  ],
  [-4, `worst abysmal atrocious horrendous appalling appalled abominable despicable deplorable`],
  [
    2.5,
    `joy joyful delight delights bliss blissful excels fascinating heartwarming uplifting tremendous
     unmatched rewarding faves fave tastiest delectable succulent friendliest seamless seamlessly brilliance`,
  ],
  [
    2,
    `admire admired praise praised cheerful beauty elegance excel talented gifted treasure smile smiles
     smiling laugh laughed laughing laughs nicer easiest cleanest freshest cutest tasteful welcome trust
     trusted comfortably heartfelt blessed worthy`,
  ],
  [1.5, `skilled skillful easier faster quicker loyal savory conveniently enjoyment recommendation`],
  [
    -1.5,
    `lazy ignore annoy embarrassed inaccurate incorrect incomplete cracks crack peeling peeled fading faded
     sore rash watery rubbery mushy lie lies refused refuse denied unanswered cancelled canceled
     cancel lost wrongly incorrectly yawn snooze drags dragged trite implausible forced unfortunate
     problematic tricky cumbersome fiddly clunky counterintuitive inconvenient inconvenience impossible
     unable worn flaky shaky wobbly rattles rattling squeaky buzzing static distorted muffled tinny
     crackling disconnected dying chewy`,
  ],
  [
    -2,
    `dislike disliked dislikes crummy sloppy arrogant condescending impolite inattentive shame embarrassing
     defect defects shrunk shrank discomfort blister blisters stinky expired stolen nonexistent meaningless
     senseless boredom bore bores contrived unconvincing overacting overacted miscast lifeless disappoint
     unintuitive weakest disconnects disconnecting dies overheat unresponsive`,
  ],
  [
    -2.5,
    `shoddy incompetence rudeness rudely ruined ruin ruins destroyed stink stinks unclean outrageous
     exorbitant cheat lied misrepresented deceptive deceived shameful lamest flop`,
  ],
  [
    -3,
    `horrid disgust disgrace disgraceful unsanitary unhygienic cockroach cockroaches roach roaches cheated
     liar dumbest stupidest dreck undrinkable bricked exploded`,
  ],
];

/** German supplement: common review words only (the sentiment model is English-first). */
const GERMAN_GRADES: Grades = [
  [3.5, `hervorragend ausgezeichnet perfekt fantastisch grossartig wunderbar begeistert genial`],
  [2.5, `super toll prima klasse lecker empfehlenswert zufrieden freundlich sauber bequem schön schoen`],
  [2, `gut gute guter gutes empfehle empfehlen schnell günstig guenstig preiswert hilfsbereit stabil`],
  [-1.5, `leider langsam teuer laut eng umständlich umstaendlich schwierig fehlt fehlte verspätet`],
  [-2.5, `schlecht schlechte schlechter schlechtes mies enttäuscht enttaeuscht enttäuschend kaputt defekt`],
  [-2.5, `unfreundlich mangelhaft ärgerlich aergerlich dreckig schmutzig unbrauchbar billig`],
  [-3.5, `furchtbar schrecklich katastrophe katastrophal miserabel grauenhaft`],
];

function gradeMap(...lists: Grades[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const grades of lists)
    for (const [valence, words] of grades)
      for (const word of words.split(/\s+/u)) if (word !== '' && !map.has(word)) map.set(word, valence);
  return map;
}

/** Every word listed in more than one grade (should be empty; tested). */
export function duplicateLexiconWords(): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const [, words] of [...WORD_GRADES, ...GERMAN_GRADES])
    for (const word of words.split(/\s+/u)) {
      if (word === '') continue;
      if (seen.has(word)) dupes.add(word);
      seen.add(word);
    }
  return [...dupes].sort();
}

export const WORD_VALENCE: ReadonlyMap<string, number> = gradeMap(WORD_GRADES, GERMAN_GRADES);

/**
 * Multi-word expressions, matched on tokens before single words (longest first). A phrase that starts with a
 * negator carries its own valence and consumes the negation. Value 0 marks an idiom that must not negate or boost.
 */
export const PHRASE_VALENCE: ReadonlyMap<string, number> = new Map<string, number>([
  ['waste of money', -3.5],
  ['waste of time', -3.5],
  ['waste your money', -3.5],
  ['waste your time', -3.5],
  ["don't waste", -3],
  ['dont waste', -3],
  ['do not waste', -3],
  ['not worth', -2.5],
  ['not worth it', -2.5],
  ['worth it', 2],
  ['worth every penny', 3],
  ['worth the money', 2.5],
  ['worth the wait', 2.5],
  ['works great', 3],
  ['works perfectly', 3],
  ['works well', 2.5],
  ['works fine', 1.5],
  ['worked great', 3],
  ['work great', 3],
  ['fell apart', -3],
  ['falls apart', -3],
  ['falling apart', -3],
  ['stopped working', -3],
  ['quit working', -3],
  ['stops working', -3],
  ['no longer works', -2.5],
  ["doesn't work", -2.5],
  ['doesnt work', -2.5],
  ["didn't work", -2.5],
  ['didnt work', -2.5],
  ["don't work", -2.5],
  ["won't work", -2.5],
  ['not work', -2.5],
  ['not working', -2.5],
  ['never worked', -3],
  ['never arrived', -3],
  ['never came', -2.5],
  ['never received', -3],
  ['took forever', -2],
  ['takes forever', -2],
  ['piece of junk', -3.5],
  ['piece of crap', -3.5],
  ['piece of garbage', -3.5],
  ['piece of shit', -3.5],
  ['not bad', 1],
  ['not too bad', 1],
  ['not bad at all', 2],
  ['no problem', 1],
  ['no problems', 1.5],
  ['no issues', 1.5],
  ['no complaints', 2],
  ["can't complain", 1.5],
  ['cant complain', 1.5],
  ["couldn't be happier", 3.5],
  ['could not be happier', 3.5],
  ["can't go wrong", 2.5],
  ['cant go wrong', 2.5],
  ['can not go wrong', 2.5],
  ["can't beat", 2.5],
  ["can't wait", 2],
  ['cant wait', 2],
  ['highly recommend', 3.5],
  ['highly recommended', 3.5],
  ['would recommend', 2.5],
  ['buy again', 2],
  ['order again', 2],
  ['come back', 1.5],
  ['go back', 1],
  ['coming back', 1.5],
  ['never again', -3],
  ['five stars', 3],
  ['5 stars', 3],
  ['4 stars', 2],
  ['four stars', 2],
  ['2 stars', -1.5],
  ['two stars', -1.5],
  ['1 star', -2.5],
  ['one star', -2.5],
  ['zero stars', -3],
  ['0 stars', -3],
  ['thumbs up', 2],
  ['thumbs down', -2],
  ['top notch', 3],
  ['well made', 2.5],
  ['well built', 2.5],
  ['well done', 2.5],
  ['well worth', 2.5],
  ['cheaply made', -2.5],
  ['poorly made', -2.5],
  ['feels cheap', -2],
  ['cheap plastic', -2],
  ['must have', 2],
  ['a must', 2],
  ['not happy', -2.5],
  ['ran out', -1],
  ['let down', -2],
  ['rip off', -2.5],
  ['ripped off', -3],
  ['exceeded expectations', 3],
  ['exceeded my expectations', 3],
  ['exceeds expectations', 3],
  ['exceeded all expectations', 3],
  ['above and beyond', 3],
  ['hassle free', 2],
  ['trouble free', 2],
  ['problem free', 2],
  ['a joke', -2],
  ['blown away', 3],
  ['fell in love', 3.5],
  ['falls short', -2],
  ['fell short', -2],
  ['fall short', -2],
  ['stay away', -3],
  ['steer clear', -3],
  ['save your money', -3],
  ['look elsewhere', -2],
  ['go elsewhere', -2],
  ['a breeze', 2],
  ['on time', 1],
  ['as described', 1.5],
  ['as advertised', 1.5],
  ['not as described', -2.5],
  ['not as advertised', -2.5],
  ['second to none', 3],
  ['hit the spot', 2.5],
  ['went downhill', -2.5],
  ['gone downhill', -2.5],
  ['too small', -1.5],
  ['too big', -1.5],
  ['too large', -1.5],
  ['too tight', -1.5],
  ['too loose', -1.5],
  ['too short', -1.5],
  ['too long', -1],
  ['too loud', -1.5],
  ['too noisy', -2],
  ['too slow', -2],
  ['too cold', -1.5],
  ['too hot', -1],
  ['too sweet', -1.5],
  ['too salty', -2],
  ['too spicy', -1],
  ['too soft', -1],
  ['too hard', -1.5],
  ['too expensive', -2],
  ['had to return', -2],
  ['send it back', -2],
  ['sent it back', -2],
  ['sending it back', -2],
  ['will be back', 2],
  ['will return', 1.5],
  ['anything but', -1],
  ['no doubt', 0],
  ['without a doubt', 0],
  ['not only', 0],
  ['nothing but', 0],
  ['no wonder', 0],
  ['no matter', 0],
  ['zu teuer', -2],
  ['nicht gut', -2],
  ['sehr gut', 3],
]);

/** Words that flip and damp the next few tokens. Tokens ending in "n't" are negators too. */
export const NEGATORS: ReadonlySet<string> = new Set(
  `not no never none nothing nobody nowhere neither nor cannot without lacks lacking dont doesnt didnt isnt
   wasnt arent werent cant couldnt wont wouldnt shouldnt hasnt havent hadnt aint nicht kein keine keinen
   keiner keinem keines nie niemals ohne`
    .split(/\s+/u)
    .filter((w) => w !== ''),
);

/** Negators that flip more weakly ("hardly good", "hardly any problems"). */
export const WEAK_NEGATORS: ReadonlySet<string> = new Set(['barely', 'hardly', 'scarcely', 'kaum']);

/** Intensifiers (> 1) and diminishers (< 1): multiply the next sentiment word within two tokens. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...`very really extremely so super absolutely completely totally incredibly highly truly utterly
      exceptionally remarkably especially particularly seriously terribly awfully insanely hugely deeply
      thoroughly entirely fully most too real sooo soo damn extra sehr echt wirklich extrem absolut total
      äusserst`
    .split(/\s+/u)
    .filter((w) => w !== '')
    .map((w): [string, number] => [w, 1.3]),
  ...`slightly somewhat barely bit little kinda sorta fairly mildly marginally partly rather moderately
      pretty quite reasonably relatively almost nearly etwas ziemlich`
    .split(/\s+/u)
    .filter((w) => w !== '')
    .map((w): [string, number] => [w, w === 'pretty' || w === 'quite' ? 0.9 : 0.6]),
]);

/** Conjunctions after which the clause weighs more than the one before ("good, but slow"). */
export const CONTRAST_AFTER: ReadonlySet<string> = new Set([
  'but',
  'however',
  'nevertheless',
  'nonetheless',
  'aber',
  'jedoch',
  'allerdings',
  'trotzdem',
]);

/** Conjunctions that open a subordinate clause weighing less ("although it is cheap, ..."). */
export const CONTRAST_SUBORDINATE: ReadonlySet<string> = new Set(['although', 'though', 'despite', 'obwohl']);

/** Emoji valences, keyed by the emoji with variation selectors and skin-tone modifiers removed. */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = new Map<string, number>([
  ...[...'😀😃😄😁😊🙂☺😍🥰😘😻💕💖💗💓💞❤💙💚💛💜🧡🤍👍🙌👏🎉🥳🤩😋😎👌💯✨🌟⭐🙏✅🏆💪'].map(
    (e): [string, number] => [e, e === '🙏' || e === '✅' || e === '💪' ? 1.5 : 2.5],
  ),
  ...[...'😂🤣😆😉😇😌🔥👑'].map((e): [string, number] => [e, 1.5]),
  ...[...'😞😔😟😕🙁☹😢😭😩😫😒🙄😤😬😱🤦💔👎❌'].map((e): [string, number] => [e, -2]),
  ...[...'😡😠🤬🤮🤢💩'].map((e): [string, number] => [e, -3]),
]);

/**
 * Emoticons, matched on the normalized (lower-cased) text between spaces, since the tokenizer drops punctuation.
 * Each entry is a regular-expression source and its valence.
 */
export const EMOTICONS: readonly (readonly [pattern: string, valence: number])[] = [
  ['[:=;]-?[)\\]]+', 2],
  [':-?d+', 2.5],
  ['x-?d+', 2],
  [':-?p+', 1.5],
  ['<3+', 2.5],
  ['\\^_?\\^', 2],
  ['[:=]-?[(\\[]+', -2],
  [":'-?\\(+", -2.5],
  ['>:-?\\(+', -3],
  ['[:=]-?[/\\\\]', -1],
  [':-?\\|', -0.5],
  ['-_-', -1],
  ['</3', -2.5],
];
