/**
 * Word lists for the identifier guard. Lower case; compared with a word lower-cased and stripped
 * of a possessive "'s".
 */

const list = (words: string) => new Set(words.trim().split(/\s+/));

/** Family relations: the words a family member's name follows ("Mum Kelly", "his brother Tom"). */
export const FAMILY = list(`
  mum mummy mother mam mom dad daddy father stepdad stepmum stepfather stepmother step-dad step-mum
  gran granny grandma grandmother nan nana nanny grandad grandpa grandfather grandparent grandparents
  aunt auntie aunty uncle cousin brother sister sibling siblings half-brother half-sister stepbrother stepsister
  son daughter child children kid kids baby babies infant toddler boy girl teenager teen youngster
  partner boyfriend girlfriend husband wife ex ex-partner fiance fiancee friend neighbour lodger
  carer carers guardian nephew niece godmother godfather
`);

/** Professional roles: the words a colleague's name follows ("the social worker, Alex"). */
export const ROLES = list(`
  worker teacher headteacher head senco dsl gp nurse midwife doctor consultant paediatrician therapist
  counsellor officer pc psychologist psychiatrist keyworker key manager supervisor practitioner visitor
  lead chair iro lado tutor coach mentor advocate solicitor
`);

/** Relations and roles together. */
export const RELATIONS = new Set([...FAMILY, ...ROLES]);

/**
 * Capitalised words that are not people's names: roles, relations, pronouns and determiners, days and
 * months, local towns and places, agencies, and the Signs of Safety words practitioners capitalise.
 */
export const NOT_NAMES = new Set([
  ...RELATIONS,
  ...list(`
  the a an and or but if so then this that these those there here when where while after before since
  he she they we i you it his her their our my your its him them us me who whom whose what which one
  mr mrs ms miss mx dr master sir madam st saint
  monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday weekend
  january february march april may june july august september october november december
  christmas easter eid diwali ramadan halloween summer winter spring autumn term half-term
  northampton northamptonshire kettering corby wellingborough daventry towcester rushden brackley oundle
  thrapston raunds irthlingborough desborough rothwell duston moulton abington weston favell northants
  kingsthorpe brixworth wootton hardingstone blackthorn lings bellinge thorplands southfields eastfield
  parklands hunsbury upton spencer cotton wicksteed
  devon durham leeds kent york chester lincoln lancaster preston bristol derby warwick essex surrey
  england britain uk london birmingham leicester milton keynes bedford
  camhs mash nspcc nhs dv icpc rcpc cin cp cpp lac cla eha iro lado senco dsl csc police court
  barnardo's cafcass ofsted mosaic ehcp sen send pep
  signs safety wellbeing success three houses house words pictures danger worry worries statement statements goal goals
  scale scaling network networks family families circle circles wizard wizards fairy fairies
  mapping map tool tools plan plans planning meeting meetings conference core group strategy review
  child protection early help social care services service children's team teams health visitor school
  nursery hospital general surgery practice council unit centre center hub trust board
  section enquiry assessment referral contact visit visits case note notes action actions summary
  good bad ok yes no not new old next last first second third other another every each all both
  what's how why please thanks thank well also still just only very really
`),
]);

/** Words after a title that make a book, a programme or a brand, not a person ("Dr Seuss", "Mr Men"). */
export const TITLE_BRANDS = list(`
  seuss men tumble bean blobby potato who martens muscle sheen maker kipling fox
  men's happy tickle bump greedy strong messy silly noisy rabbit zebra
`);

/**
 * First names common among children and families in England that the NLP package's own lexicon does
 * not know. Those that are also ordinary words are only taken as names away from the start of a sentence.
 */
export const EXTRA_FIRST_NAMES = list(`
  leo finley arlo harrison jaxon jenson kayden kian callum sonny albie finn brody bodhi grayson
  freya sienna esme orla ayla arabella lexi tilly imogen kirsty kaiden brayden mackenzie oakley ezekiel
  keegan kaci nevaeh kezia amara wiktoria zuzanna dawid emre musa hafsa zayn priya demi declan
  jayden tyler kacey kacie kayleigh tegan chantelle lacey lacie kenzie rio tia alesha alisha
  aoife saoirse oisin cian caoimhe roisin orlaith darragh cillian sinead grainne maeve
  oluwaseun adebayo chidi chiamaka ngozi emeka tobi femi tunde ayodele kemi funmi bola tolu temi chioma
  adaeze obinna kwame kofi akosua kwesi efua dami deji bisi
  oliwia mateusz bartosz agnieszka katarzyna malgorzata lukasz ioana florin vasile raluca
  imran asif tariq safiya zain aanya anil manpreet gurpreet harpreet jaspreet simran navdeep
  hodan abdi warsame hibo sagal ilhan nasra abdullahi liban
  tayla kaycee kaden braydon tyrese marley kyan rhys osian cerys ffion seren elis carys gethin iwan bethan sion dafydd
`);
export const AMBIGUOUS_FIRST_NAMES = list(`
  max mason hunter hudson ivy lily florence poppy daisy ruby maya violet iris summer holly jade aurora hazel
  jasmine jordan dean lee victoria ebony destiny precious amber grace hope faith joy rose will mark bill
  frank sue pat bob rob ray dawn carol mercy honey sky skye rocky
`);

/** Words before a lower-case word that make it a thing, not a name ("the mark was", "her grace"). */
export const DETERMINERS = list(`
  the a an this that these those our their his her my your its some any no every each
`);

/** Verbs that follow a person far more often than a thing ("Jaxon said", "Keeley cried"). */
export const PERSON_VERBS = list(`
  said says told tells cried cries disclosed discloses shouted shouts screamed wants wanted feels felt
  loves loved likes liked hates hated asked asks drew draws played plays hit hits kicked punched
  attends attended lives lived stays stayed sleeps slept spoke speaks talked talks explained explains
  seemed seems appeared appears refused refuses agreed agrees admitted denied denies reported reports
  is was has had goes went came comes gets got did does will would can could wasn't isn't hasn't
  didn't doesn't won't can't couldn't and or
`);

/** The verbs that make an unknown capitalised word a person: not modal verbs, which organisations take too. */
export const STRONG_PERSON_VERBS = new Set(
  [...PERSON_VERBS].filter(
    (w) => !/^(?:will|would|can|could|did|does|and|or|won't|can't|couldn't|didn't|doesn't)$/.test(w),
  ),
);
