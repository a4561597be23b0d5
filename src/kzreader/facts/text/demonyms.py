"""A general lexicon of what English news calls countries and their people, by ISO code.

- ``DEMONYMS``: adjective and noun forms of nationality ("French", "Frenchman", "Finnish",
  "Finn") -> the country's ISO 3166 code; sub-national ones ("Texan", "Scot",
  "Californian", "Bavarian") -> the code of the country plus the part, "US-TX", "GB-SCT";
- ``COUNTRY_ALIASES``: names the gazetteer's one name per country misses ("Britain", "the U.S.",
  "Holland", "Burma", "Ivory Coast") -> ISO code;
- ``US_STATE_ABBREVIATIONS``: the AP abbreviations of US states ("Mich.", "N.Y.", "Calif.");
- ``PARTS``: the parts of a country named like countries ("England", "Scotland", "Wales",
  "Northern Ireland") -> "GB-ENG" ... .

A code "XX-YY" is inside country "XX": a Texan is American, a Scot is British.  Nothing here
names a story; these are the words any report uses.
"""

from __future__ import annotations

_SPEC = """
AF Afghan Afghans Afghani
AL Albanian Albanians
DZ Algerian Algerians
AD Andorran
AO Angolan Angolans
AR Argentine Argentinian Argentinean Argentines Argentinians
AM Armenian Armenians
AU Australian Australians Aussie
AT Austrian Austrians
AZ Azerbaijani Azeri Azerbaijanis Azeris
BS Bahamian
BH Bahraini Bahrainis
BD Bangladeshi Bangladeshis
BY Belarusian Belarusians Belarussian
BE Belgian Belgians
BZ Belizean
BJ Beninese
BT Bhutanese
BO Bolivian Bolivians
BA Bosnian Bosnians
BW Botswanan
BR Brazilian Brazilians
BN Bruneian
BG Bulgarian Bulgarians
BF Burkinabe
BI Burundian
KH Cambodian Cambodians
CM Cameroonian Cameroonians
CA Canadian Canadians
CV Cape-Verdean
CF Central-African
TD Chadian Chadians
CL Chilean Chileans
CN Chinese
CO Colombian Colombians
CD Congolese
CR Costa-Rican
HR Croatian Croat Croats Croatians
CU Cuban Cubans
CY Cypriot Cypriots
CZ Czech Czechs
DK Danish Dane Danes
DJ Djiboutian
DO Dominican Dominicans
EC Ecuadorian Ecuadorians Ecuadorean
EG Egyptian Egyptians
SV Salvadoran Salvadorans Salvadorian
GQ Equatoguinean
ER Eritrean Eritreans
EE Estonian Estonians
ET Ethiopian Ethiopians
FJ Fijian Fijians
FI Finnish Finn Finns
FR French Frenchman Frenchmen Frenchwoman Frenchwomen
GA Gabonese
GM Gambian Gambians
GE Georgian Georgians
DE German Germans
GH Ghanaian Ghanaians
GR Greek Greeks
GT Guatemalan Guatemalans
GN Guinean Guineans
GY Guyanese
HT Haitian Haitians
HN Honduran Hondurans
HU Hungarian Hungarians
IS Icelandic Icelander Icelanders
IN Indian Indians
ID Indonesian Indonesians
IR Iranian Iranians Persian
IQ Iraqi Iraqis
IE Irish Irishman Irishmen Irishwoman
IL Israeli Israelis
IT Italian Italians
CI Ivorian Ivorians
JM Jamaican Jamaicans
JP Japanese
JO Jordanian Jordanians
KZ Kazakh Kazakhs Kazakhstani Kazakhstanis
KE Kenyan Kenyans
XK Kosovar Kosovan Kosovars
KW Kuwaiti Kuwaitis
KG Kyrgyz Kyrgyzstani Kirghiz
LA Laotian Lao
LV Latvian Latvians
LB Lebanese
LS Basotho
LR Liberian Liberians
LY Libyan Libyans
LI Liechtensteiner
LT Lithuanian Lithuanians
LU Luxembourgish Luxembourger
MK Macedonian Macedonians
MG Malagasy
MW Malawian Malawians
MY Malaysian Malaysians
MV Maldivian
ML Malian Malians
MT Maltese
MR Mauritanian Mauritanians
MU Mauritian
MX Mexican Mexicans
MD Moldovan Moldovans
MC Monegasque
MN Mongolian Mongolians
ME Montenegrin Montenegrins
MA Moroccan Moroccans
MZ Mozambican Mozambicans
MM Burmese Myanmarese
NA Namibian Namibians
NP Nepali Nepalese
NL Dutch Dutchman Dutchmen Dutchwoman
NZ Kiwi Zealander Zealanders
NI Nicaraguan Nicaraguans
NE Nigerien
NG Nigerian Nigerians
KP North-Korean
NO Norwegian Norwegians
OM Omani Omanis
PK Pakistani Pakistanis
PS Palestinian Palestinians
PA Panamanian Panamanians
PG Papuan
PY Paraguayan Paraguayans
PE Peruvian Peruvians
PH Filipino Filipinos Filipina Philippine
PL Polish Pole Poles
PT Portuguese
QA Qatari Qataris
RO Romanian Romanians
RU Russian Russians
RW Rwandan Rwandans
SA Saudi Saudis
SN Senegalese
RS Serbian Serb Serbs Serbians
SL Sierra-Leonean
SG Singaporean Singaporeans
SK Slovak Slovaks Slovakian
SI Slovenian Slovene Slovenes Slovenians
SO Somali Somalis Somalian
ZA South-African
KR South-Korean
SS South-Sudanese
ES Spanish Spaniard Spaniards
LK Sri-Lankan
SD Sudanese
SR Surinamese
SE Swedish Swede Swedes
CH Swiss
SY Syrian Syrians
TW Taiwanese
TJ Tajik Tajiks Tajikistani
TZ Tanzanian Tanzanians
TH Thai Thais
TG Togolese
TT Trinidadian
TN Tunisian Tunisians
TR Turkish Turk Turks
TM Turkmen Turkmens
UG Ugandan Ugandans
UA Ukrainian Ukrainians
AE Emirati Emiratis
GB British Briton Britons Brit Brits
US American Americans
UY Uruguayan Uruguayans
UZ Uzbek Uzbeks Uzbekistani
VE Venezuelan Venezuelans
VN Vietnamese
YE Yemeni Yemenis
ZM Zambian Zambians
ZW Zimbabwean Zimbabweans
GB-ENG English Englishman Englishmen Englishwoman
GB-SCT Scottish Scot Scots Scotsman Scotsmen Scotswoman
GB-WLS Welsh Welshman Welshmen Welshwoman
GB-NIR Northern-Irish
US-TX Texan Texans
US-CA Californian Californians
US-NY New-Yorker New-Yorkers
US-FL Floridian Floridians
US-AK Alaskan Alaskans
US-HI Hawaiian Hawaiians
US-LA Louisianan Louisianian
US-MI Michigander Michiganders Michiganian
US-OH Ohioan Ohioans
US-GA Georgian-American
US-VA Virginian Virginians
US-MA Bostonian
US-IL Chicagoan Illinoisan
US-OR Oregonian Oregonians
US-WA Washingtonian
US-AZ Arizonan Arizonans
US-NV Nevadan Nevadans
US-CO Coloradan Coloradans
US-KY Kentuckian Kentuckians
US-TN Tennessean Tennesseans
US-MN Minnesotan Minnesotans
US-WI Wisconsinite Wisconsinites
US-IA Iowan Iowans
US-KS Kansan Kansans
US-OK Oklahoman Oklahomans
US-UT Utahn Utahns
CA-QC Quebecer Quebecers Quebecois
DE-BY Bavarian Bavarians
ES-CT Catalan Catalans
IT-82 Sicilian Sicilians
FR-COR Corsican Corsicans
"""

DEMONYMS: dict[str, str] = {
    word.replace("-", " "): code
    for line in _SPEC.strip().splitlines()
    for code, *forms in [line.split()]
    for word in forms
}
"""Demonym as written (multiword ones with spaces: "South Korean") -> ISO code ("KR", "US-TX")."""

COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US",
    "United States of America": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB",
    "Great Britain": "GB", "Holland": "NL", "the Netherlands": "NL", "Burma": "MM",
    "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "Czechia": "CZ", "Czech Republic": "CZ",
    "UAE": "AE", "Emirates": "AE", "South Korea": "KR", "North Korea": "KP", "Korea": "KR",
    "Russian Federation": "RU", "Vatican": "VA", "Congo": "CD", "DR Congo": "CD", "DRC": "CD",
    "East Timor": "TL", "Timor-Leste": "TL", "Swaziland": "SZ", "Eswatini": "SZ",
    "Macedonia": "MK", "North Macedonia": "MK", "Palestine": "PS", "Gaza Strip": "PS",
    "West Bank": "PS", "Cape Verde": "CV", "Kyrgyzstan": "KG", "Laos": "LA", "Syria": "SY",
    "Iran": "IR", "Vietnam": "VN", "Viet Nam": "VN", "Moldova": "MD", "Bolivia": "BO",
    "Venezuela": "VE", "Tanzania": "TZ", "Taiwan": "TW", "Brunei": "BN",
}  # fmt: skip
"""Country names in news use -> ISO code (the gazetteer has one name per country)."""

PARTS: dict[str, str] = {
    "England": "GB-ENG", "Scotland": "GB-SCT", "Wales": "GB-WLS", "Northern Ireland": "GB-NIR",
}  # fmt: skip
"""Parts of a country named like countries -> code inside the country's."""

US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
    "D.C.": "DC",
}  # fmt: skip
"""AP abbreviations of US states -> postal code."""


def contains(outer: str, inner: str) -> bool:
    """Whether code ``outer`` contains (or is) code ``inner``: "US" contains "US-TX"."""
    return inner == outer or inner.startswith(outer + "-")
