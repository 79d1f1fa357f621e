// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/names.h"

#include <array>
#include <string>

namespace dl::generate {
namespace {

using SV = std::string_view;

constexpr SV kFirstDE[] = {
    "Anna",      "Lena",   "Marie",   "Sophie",    "Laura",   "Julia",      "Katharina",
    "Sabine",    "Ursula", "Monika",  "Petra",     "Claudia", "Andrea",     "Stefanie",
    "Jana",      "Lea",    "Hannah",  "Emilia",    "Zoë",     "Bärbel",     "Dörte",
    "Heike",     "Birgit", "Gudrun",  "Franziska", "Johanna", "Annika",     "Mia",
    "Charlotte", "Greta",  "Jürgen",  "Jörg",      "Björn",   "Sören",      "Günter",
    "Uwe",       "Klaus",  "Thomas",  "Michael",   "Andreas", "Stefan",     "Christian",
    "Markus",    "Tobias", "Florian", "Jan",       "Lukas",   "Felix",      "Maximilian",
    "Paul",      "Jonas",  "Leon",    "Niklas",    "Tim",     "Sebastian",  "Matthias",
    "Wolfgang",  "Dieter", "Helmut",  "Ralf",      "Sven",    "Hans-Peter", "Karl-Heinz",
    "Mehmet",    "Ayşe",
};

constexpr SV kLastDE[] = {
    "Müller",   "Schmidt", "Schneider", "Fischer", "Weber",   "Meyer",      "Wagner",
    "Becker",   "Schulz",  "Hoffmann",  "Schäfer", "Koch",    "Bauer",      "Richter",
    "Klein",    "Wolf",    "Schröder",  "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger",   "Hofmann", "Hartmann",  "Lange",   "Schmitt", "Werner",     "Schmitz",
    "Krause",   "Meier",   "Lehmann",   "Schmid",  "Schulze", "Maier",      "Köhler",
    "Herrmann", "König",   "Walter",    "Mayer",   "Huber",   "Kaiser",     "Fuchs",
    "Peters",   "Lang",    "Scholz",    "Möller",  "Weiß",    "Jung",       "Hahn",
    "Schubert", "Vogel",   "Friedrich", "Keller",  "Günther", "Berger",     "Winkler",
    "Roth",     "Groß",    "Jäger",     "Böhm",    "Yılmaz",  "Kowalczyk",  "von Bülow",
};

constexpr SV kFirstFR[] = {
    "Marie",    "Camille",   "Léa",         "Chloé",       "Manon",        "Emma",     "Inès",
    "Jade",     "Louise",    "Zoé",         "Clémence",    "Anaïs",        "Noémie",   "Hélène",
    "Cécile",   "Sophie",    "Nathalie",    "Isabelle",    "Sylvie",       "Céline",   "Aurélie",
    "Élodie",   "Margaux",   "Maëlle",      "Océane",      "Juliette",     "Mathilde", "Amélie",
    "Béatrice", "Françoise", "François",    "Jean",        "Pierre",       "Michel",   "Philippe",
    "Jérôme",   "Stéphane",  "Sébastien",   "Nicolas",     "Julien",       "Thomas",   "Antoine",
    "Hugo",     "Lucas",     "Théo",        "Louis",       "Gabriel",      "Arthur",   "Raphaël",
    "Maxime",   "Alexandre", "Mathieu",     "Loïc",        "Gaël",         "Benoît",   "Frédéric",
    "Rémi",     "Olivier",   "Jean-Pierre", "Anne-Sophie", "Marc-Antoine", "Yasmine",  "Karim",
};

constexpr SV kLastFR[] = {
    "Martin",   "Bernard",  "Dubois",   "Thomas",    "Robert",   "Richard", "Petit",    "Durand",
    "Leroy",    "Moreau",   "Simon",    "Laurent",   "Lefèvre",  "Michel",  "Garcia",   "David",
    "Bertrand", "Roux",     "Vincent",  "Fournier",  "Morel",    "Girard",  "André",    "Lefebvre",
    "Mercier",  "Dupont",   "Lambert",  "Bonnet",    "François", "Legrand", "Garnier",  "Faure",
    "Rousseau", "Blanc",    "Guérin",   "Henry",     "Roussel",  "Perrin",  "Morin",    "Clément",
    "Gauthier", "Dumont",   "Fontaine", "Chevalier", "Robin",    "Masson",  "Gérard",   "Nguyen",
    "Boyer",    "Lemaire",  "Duval",    "Noël",      "Rivière",  "Prévost", "Carré",    "Hébert",
    "Ménard",   "Da Silva", "Le Gall",  "Benoît",    "Dupuis",   "Lacroix", "Bouchard",
};

constexpr SV kFirstGB[] = {
    "Oliver",    "George", "Harry",    "Jack",   "Jacob",   "Charlie", "Thomas",  "James",
    "William",   "Oscar",  "Alfie",    "Henry",  "Leo",     "Archie",  "Joshua",  "Freddie",
    "Daniel",    "Samuel", "Matthew",  "David",  "Richard", "Andrew",  "Mark",    "Paul",
    "Stephen",   "Ian",    "Gareth",   "Rhys",   "Callum",  "Liam",    "Olivia",  "Amelia",
    "Isla",      "Ava",    "Emily",    "Sophie", "Grace",   "Lily",    "Freya",   "Ella",
    "Charlotte", "Poppy",  "Jessica",  "Chloë",  "Evie",    "Ruby",    "Sarah",   "Emma",
    "Rebecca",   "Hannah", "Lucy",     "Katie",  "Claire",  "Helen",   "Siobhan", "Niamh",
    "Aoife",     "Priya",  "Mohammed", "Zoë",    "Sinéad",  "Eilidh",  "Dafydd",
};

constexpr SV kLastGB[] = {
    "Smith",     "Jones",    "Williams", "Taylor",   "Brown",    "Davies",     "Evans",   "Wilson",
    "Thomas",    "Johnson",  "Roberts",  "Robinson", "Thompson", "Wright",     "Walker",  "White",
    "Edwards",   "Hughes",   "Green",    "Hall",     "Lewis",    "Harris",     "Clarke",  "Patel",
    "Jackson",   "Wood",     "Turner",   "Martin",   "Cooper",   "Hill",       "Ward",    "Morris",
    "Moore",     "Clark",    "Lee",      "King",     "Baker",    "Harrison",   "Morgan",  "Allen",
    "James",     "Scott",    "Phillips", "Watson",   "Parker",   "Price",      "Bennett", "Young",
    "Griffiths", "Mitchell", "Kelly",    "Cook",     "Carter",   "Richardson", "Bailey",  "Khan",
    "Singh",     "O'Brien",  "O'Neill",  "McDonald", "MacLeod",  "Ahmed",      "Hussain",
};

constexpr SV kFirstUS[] = {
    "James",    "Robert",      "John",      "Michael", "David",   "William",  "Richard", "Joseph",
    "Thomas",   "Christopher", "Charles",   "Daniel",  "Matthew", "Anthony",  "Mark",    "Donald",
    "Steven",   "Andrew",      "Joshua",    "Kevin",   "Brian",   "Ryan",     "Jason",   "Tyler",
    "Brandon",  "Ethan",       "Noah",      "Liam",    "Mason",   "Logan",    "Mary",    "Patricia",
    "Jennifer", "Linda",       "Elizabeth", "Barbara", "Susan",   "Jessica",  "Sarah",   "Karen",
    "Lisa",     "Nancy",       "Ashley",    "Emily",   "Madison", "Olivia",   "Ava",     "Sophia",
    "Isabella", "Mia",         "Abigail",   "Harper",  "Chloe",   "Brittany", "Megan",   "Kayla",
    "Amanda",   "Stephanie",   "Nicole",    "José",    "María",   "Sofía",    "Andrés",
};

constexpr SV kLastUS[] = {
    "Smith",    "Johnson",   "Williams", "Brown",     "Jones",    "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",    "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",   "Moore",     "Jackson",  "Martin",   "Lee",
    "Perez",    "Thompson",  "White",    "Harris",    "Sanchez",  "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",   "Young",     "Allen",    "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",   "Hill",      "Flores",   "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",     "Rivera",    "Campbell", "Mitchell", "Carter",
    "Roberts",  "Kim",       "Patel",    "Chen",      "Wong",     "O'Connor", "Sullivan",
    "Murphy",   "Cohen",     "Peña",     "Muñoz",     "Kowalski", "DeLuca",   "Washington",
};

constexpr SV kSpellDE[] = {"DE", "Germany", "Deutschland", "de", "DEU"};
constexpr SV kSpellFR[] = {"FR", "France", "fr", "FRA"};
constexpr SV kSpellGB[] = {"GB", "United Kingdom", "UK", "gb"};
constexpr SV kSpellUS[] = {"US", "USA", "United States", "us"};

constexpr SV kMailDE[] = {"gmail.com",  "web.de",   "gmx.de",    "gmx.net",    "t-online.de",
                          "outlook.de", "yahoo.de", "posteo.de", "icloud.com", "freenet.de"};
constexpr uint32_t kMailWeightsDE[] = {22, 20, 18, 6, 10, 6, 5, 3, 5, 5};
constexpr SV kMailFR[] = {"gmail.com", "orange.fr", "free.fr",    "hotmail.fr", "laposte.net",
                          "sfr.fr",    "yahoo.fr",  "outlook.fr", "wanadoo.fr"};
constexpr uint32_t kMailWeightsFR[] = {30, 18, 12, 10, 8, 8, 6, 5, 3};
constexpr SV kMailGB[] = {"gmail.com",      "yahoo.co.uk", "hotmail.co.uk", "outlook.com",
                          "btinternet.com", "icloud.com",  "sky.com",       "live.co.uk"};
constexpr uint32_t kMailWeightsGB[] = {30, 15, 15, 12, 10, 8, 5, 5};
constexpr SV kMailUS[] = {"gmail.com",  "yahoo.com", "outlook.com", "hotmail.com",
                          "icloud.com", "aol.com",   "comcast.net", "att.net"};
constexpr uint32_t kMailWeightsUS[] = {40, 15, 10, 10, 10, 5, 5, 5};

constexpr SV kCompanyDE[] = {"nordlicht-logistik.de", "bergmann-bau.de",
                             "sonnenfeld-energie.de", "kanzlei-hartmann.de",
                             "elbtal-software.de",    "moosbach-maschinen.de"};
constexpr SV kCompanyFR[] = {"atelier-lumiere.fr", "groupe-valmont.fr", "cabinet-durand-avocats.fr",
                             "transports-garonne.fr"};
constexpr SV kCompanyGB[] = {"harbourline-freight.co.uk", "greenfield-partners.co.uk",
                             "thamesbridge-legal.co.uk"};
constexpr SV kCompanyUS[] = {"bluecrest-analytics.com", "pinehollow-health.com",
                             "lakeshore-realty-group.com", "ironbridge-robotics.com"};

constexpr SV kFamilyDE[] = {"Mama", "Papa", "Oma", "Opa", "Schatz", "Tante Gabi", "Bruderherz"};
constexpr SV kFamilyFR[] = {"Maman", "Papa", "Mamie", "Papi", "Chéri", "Tatie", "Tonton"};
constexpr SV kFamilyGB[] = {"Mum", "Dad", "Nan", "Grandad", "Auntie Sue", "Bro"};
constexpr SV kFamilyUS[] = {"Mom", "Dad", "Grandma", "Grandpa", "Honey", "Sis"};

constexpr SV kWorkDE[] = {"Arbeit", "Büro", "Firma"};
constexpr SV kWorkFR[] = {"Travail", "Bureau", "Boulot"};
constexpr SV kWorkEN[] = {"Work", "Office"};

constexpr SV kServiceDE[] = {"Zahnarzt",  "Klempner",       "Friseur",
                             "Nachbarin", "Hausverwaltung", "Babysitter"};
constexpr SV kServiceFR[] = {"Dentiste", "Plombier", "Coiffeur", "Voisine", "Nounou", "Syndic"};
constexpr SV kServiceGB[] = {"Dentist",   "Plumber",    "Hairdresser",
                             "Neighbour", "Babysitter", "Landlord"};
constexpr SV kServiceUS[] = {"Dentist",  "Plumber",    "Hair salon",
                             "Neighbor", "Babysitter", "Landlord"};

constexpr SV kNotesDE[] = {
    "Kennengelernt beim Sommerfest 2019 in Köln, arbeitet inzwischen bei einer Agentur in "
    "Düsseldorf; lieber per Signal schreiben als anrufen.",
    "Hat uns beim Umzug geholfen. Schlüssel für den Keller liegt bei ihr, Geburtstag im März, "
    "mag keine Überraschungspartys.",
    "Elternabend 3b – Ansprechpartnerin für die Fahrgemeinschaft zum Fußballtraining dienstags "
    "und donnerstags.",
};
constexpr SV kNotesFR[] = {
    "Rencontré au mariage de Claire à Bordeaux, travaille dans une start-up à Lyon ; préfère "
    "les messages aux appels.",
    "Parent d'élève de la classe de CE2, s'occupe du covoiturage le mercredi après-midi pour le "
    "conservatoire.",
};
constexpr SV kNotesEN[] = {
    "Met at the conference in Manchester in 2019, now works for a design agency in Leeds; "
    "prefers WhatsApp to phone calls.",
    "Helped us move house. Has the spare key to the shed, birthday in March, does not like "
    "surprise parties at all.",
    "Parent from the school run group - covers Tuesday and Thursday pick-ups for football "
    "practice after school.",
};

// UTF-8 letters with diacritics and their ASCII spelling outside Germany.
struct Fold {
  SV utf8;
  SV ascii;
};
constexpr Fold kFolds[] = {
    {"à", "a"}, {"á", "a"},  {"â", "a"},  {"ã", "a"},  {"ä", "a"}, {"å", "a"}, {"æ", "ae"},
    {"ç", "c"}, {"è", "e"},  {"é", "e"},  {"ê", "e"},  {"ë", "e"}, {"ì", "i"}, {"í", "i"},
    {"î", "i"}, {"ï", "i"},  {"ı", "i"},  {"ñ", "n"},  {"ò", "o"}, {"ó", "o"}, {"ô", "o"},
    {"õ", "o"}, {"ö", "o"},  {"ø", "o"},  {"ù", "u"},  {"ú", "u"}, {"û", "u"}, {"ü", "u"},
    {"ý", "y"}, {"ÿ", "y"},  {"ß", "ss"}, {"œ", "oe"}, {"ş", "s"}, {"ł", "l"}, {"À", "a"},
    {"Á", "a"}, {"Â", "a"},  {"Ä", "a"},  {"Ç", "c"},  {"È", "e"}, {"É", "e"}, {"Ê", "e"},
    {"Î", "i"}, {"Ï", "i"},  {"Ñ", "n"},  {"Ô", "o"},  {"Ö", "o"}, {"Ù", "u"}, {"Û", "u"},
    {"Ü", "u"}, {"Œ", "oe"}, {"Ş", "s"},  {"İ", "i"},
};
// German convention: the umlaut becomes the vowel plus "e".
constexpr Fold kFoldsDE[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"},
                             {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"}};

template <size_t N>
constexpr std::span<const SV> Span(const SV (&a)[N]) {
  return std::span<const SV>(a, N);
}

size_t Index(Country c) { return static_cast<size_t>(c); }

}  // namespace

std::string_view CountryCode(Country country) {
  static constexpr SV kCodes[] = {"DE", "FR", "GB", "US"};
  return kCodes[Index(country)];
}

std::span<const std::string_view> FirstNames(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kFirstDE), Span(kFirstFR),
                                                                 Span(kFirstGB), Span(kFirstUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> LastNames(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kLastDE), Span(kLastFR),
                                                                 Span(kLastGB), Span(kLastUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> CountrySpellings(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kSpellDE), Span(kSpellFR),
                                                                 Span(kSpellGB), Span(kSpellUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> FreeMailDomains(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kMailDE), Span(kMailFR),
                                                                 Span(kMailGB), Span(kMailUS)};
  return kTables[Index(country)];
}

std::span<const uint32_t> FreeMailWeights(Country country) {
  static constexpr std::array<std::span<const uint32_t>, 4> kTables = {
      std::span<const uint32_t>(kMailWeightsDE), std::span<const uint32_t>(kMailWeightsFR),
      std::span<const uint32_t>(kMailWeightsGB), std::span<const uint32_t>(kMailWeightsUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> CompanyDomains(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {
      Span(kCompanyDE), Span(kCompanyFR), Span(kCompanyGB), Span(kCompanyUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> FamilyLabels(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kFamilyDE), Span(kFamilyFR),
                                                                 Span(kFamilyGB), Span(kFamilyUS)};
  return kTables[Index(country)];
}

std::span<const std::string_view> WorkSuffixes(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kWorkDE), Span(kWorkFR),
                                                                 Span(kWorkEN), Span(kWorkEN)};
  return kTables[Index(country)];
}

std::span<const std::string_view> ServiceLabels(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {
      Span(kServiceDE), Span(kServiceFR), Span(kServiceGB), Span(kServiceUS)};
  return kTables[Index(country)];
}

std::string_view DoctorPrefix(Country country) {
  // French and British usage drops the period after an abbreviation that ends in its last
  // letter; German and American usage keeps it.
  return (country == Country::kFR || country == Country::kGB) ? "Dr " : "Dr. ";
}

std::span<const std::string_view> LongNotes(Country country) {
  static constexpr std::array<std::span<const SV>, 4> kTables = {Span(kNotesDE), Span(kNotesFR),
                                                                 Span(kNotesEN), Span(kNotesEN)};
  return kTables[Index(country)];
}

std::string FoldForEmail(std::string_view name, Country country) {
  std::string out;
  out.reserve(name.size());
  size_t i = 0;
  while (i < name.size()) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        out.push_back(static_cast<char>(c));
      } else if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      }
      // Apostrophes, spaces and periods do not belong in a generated local part.
      ++i;
      continue;
    }
    bool matched = false;
    if (country == Country::kDE) {
      for (const Fold& f : kFoldsDE) {
        if (name.substr(i, f.utf8.size()) == f.utf8) {
          out.append(f.ascii);
          i += f.utf8.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      for (const Fold& f : kFolds) {
        if (name.substr(i, f.utf8.size()) == f.utf8) {
          out.append(f.ascii);
          i += f.utf8.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      // Unknown non-ASCII letter: skip the whole UTF-8 sequence.
      ++i;
      while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

}  // namespace dl::generate
