/** Names and places for synthetic customers. Email domains are reserved `.example` names: nothing can be sent. */
export interface CountrySpec {
  code: string;
  locale: string;
  weight: number;
  /** Mobile numbers: country prefix, then a leading digit block and `digits` more digits. */
  phonePrefix: string;
  mobileStarts: readonly string[];
  digits: number;
  cities: readonly string[];
  /** Standard delivery in working days. */
  deliveryDays: number;
}

export const countries: readonly CountrySpec[] = [
  {
    code: 'DE',
    locale: 'de-DE',
    weight: 26,
    phonePrefix: '+49',
    mobileStarts: ['151', '160', '171', '176'],
    digits: 7,
    cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Leipzig', 'Frankfurt'],
    deliveryDays: 2,
  },
  {
    code: 'FR',
    locale: 'fr-FR',
    weight: 15,
    phonePrefix: '+33',
    mobileStarts: ['6', '7'],
    digits: 8,
    cities: ['Paris', 'Lyon', 'Marseille', 'Lille', 'Bordeaux', 'Nantes'],
    deliveryDays: 3,
  },
  {
    code: 'NL',
    locale: 'nl-NL',
    weight: 10,
    phonePrefix: '+31',
    mobileStarts: ['6'],
    digits: 8,
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'Groningen'],
    deliveryDays: 2,
  },
  {
    code: 'ES',
    locale: 'es-ES',
    weight: 10,
    phonePrefix: '+34',
    mobileStarts: ['6', '7'],
    digits: 8,
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville', 'Bilbao'],
    deliveryDays: 4,
  },
  {
    code: 'IT',
    locale: 'it-IT',
    weight: 10,
    phonePrefix: '+39',
    mobileStarts: ['32', '33', '34', '38'],
    digits: 8,
    cities: ['Milan', 'Rome', 'Turin', 'Bologna', 'Florence', 'Naples'],
    deliveryDays: 4,
  },
  {
    code: 'BE',
    locale: 'nl-BE',
    weight: 5,
    phonePrefix: '+32',
    mobileStarts: ['47', '48', '49'],
    digits: 7,
    cities: ['Brussels', 'Antwerp', 'Ghent', 'Leuven'],
    deliveryDays: 3,
  },
  {
    code: 'AT',
    locale: 'de-AT',
    weight: 5,
    phonePrefix: '+43',
    mobileStarts: ['650', '660', '664', '676'],
    digits: 7,
    cities: ['Vienna', 'Graz', 'Linz', 'Salzburg', 'Innsbruck'],
    deliveryDays: 3,
  },
  {
    code: 'PL',
    locale: 'pl-PL',
    weight: 5,
    phonePrefix: '+48',
    mobileStarts: ['50', '60', '69', '79'],
    digits: 7,
    cities: ['Warsaw', 'Krakow', 'Wroclaw', 'Gdansk', 'Poznan'],
    deliveryDays: 4,
  },
  {
    code: 'SE',
    locale: 'sv-SE',
    weight: 4,
    phonePrefix: '+46',
    mobileStarts: ['70', '72', '73'],
    digits: 7,
    cities: ['Stockholm', 'Gothenburg', 'Malmo', 'Uppsala'],
    deliveryDays: 4,
  },
  {
    code: 'IE',
    locale: 'en-IE',
    weight: 3,
    phonePrefix: '+353',
    mobileStarts: ['83', '85', '86', '87'],
    digits: 7,
    cities: ['Dublin', 'Cork', 'Galway', 'Limerick'],
    deliveryDays: 4,
  },
  {
    code: 'PT',
    locale: 'pt-PT',
    weight: 3,
    phonePrefix: '+351',
    mobileStarts: ['91', '92', '93', '96'],
    digits: 7,
    cities: ['Lisbon', 'Porto', 'Braga', 'Coimbra'],
    deliveryDays: 5,
  },
  {
    code: 'DK',
    locale: 'da-DK',
    weight: 2,
    phonePrefix: '+45',
    mobileStarts: ['20', '30', '40', '50'],
    digits: 6,
    cities: ['Copenhagen', 'Aarhus', 'Odense'],
    deliveryDays: 3,
  },
  {
    code: 'FI',
    locale: 'fi-FI',
    weight: 1,
    phonePrefix: '+358',
    mobileStarts: ['40', '44', '50'],
    digits: 7,
    cities: ['Helsinki', 'Espoo', 'Tampere', 'Turku'],
    deliveryDays: 5,
  },
  {
    code: 'CH',
    locale: 'de-CH',
    weight: 1,
    phonePrefix: '+41',
    mobileStarts: ['76', '77', '78', '79'],
    digits: 7,
    cities: ['Zurich', 'Geneva', 'Basel', 'Bern'],
    deliveryDays: 5,
  },
];

export const firstNames = (
  'Anna|Lena|Sophie|Marie|Emma|Julia|Clara|Laura|Sara|Eva|Lucia|Chiara|Camille|Manon|Ines|' +
  'Elena|Olivia|Freja|Ingrid|Aoife|Zofia|Maja|Noor|Hannah|Ella|Mia|Nora|Isabel|Beatriz|' +
  'Alice|Lukas|Jonas|Felix|Paul|Leon|Max|Thomas|Pierre|Louis|Hugo|Jan|Pieter|Daan|Luca|' +
  'Marco|Matteo|Pablo|Javier|Diego|Tiago|Erik|Lars|Mikkel|Sean|Conor|Piotr|Tomasz|Noah|' +
  'Elias|Samuel|David|Oscar|Adam|Victor'
).split('|');

export const lastNames = (
  'Muller|Schmidt|Schneider|Fischer|Weber|Wagner|Becker|Hoffmann|Martin|Bernard|Dubois|' +
  'Laurent|Lefebvre|Moreau|de Vries|Jansen|van Dijk|Bakker|Visser|Garcia|Fernandez|Lopez|' +
  'Martinez|Sanchez|Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Peeters|Maes|Gruber|Huber|' +
  'Nowak|Kowalski|Wisniewski|Andersson|Johansson|Nilsson|Murphy|Kelly|Byrne|Silva|Santos|' +
  'Ferreira|Nielsen|Jensen|Virtanen|Korhonen|Keller|Meier|Brunner|Costa|Marchetti|Lindqvist|' +
  'Novak|Horvat'
).split('|');

export const emailDomains = [
  'example.com',
  'example.org',
  'example.net',
  'mailbox.example',
  'inbox.example',
  'webpost.example',
];
