// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Every string the HTML access report (AccessReportHtml, src/store/rights_report_render.cc)
// writes itself, in English and German, in one table (DAYLIGHT_REPORT_TEXT below): a translator
// edits this file only. A string missing in one language is a compile error (three columns per
// row).
//
// Rules for the entries:
//  * Plain text, never HTML: the renderer escapes every entry (HtmlEscape) before it writes it.
//  * Placeholders are fmt named arguments ("{n}", "{query}"); both columns of a row use the same
//    ones. The renderer fills them with values it has escaped itself.
//  * A count has two rows, "...One" for exactly one and "...Many" for every other number (0, 2,
//    ...), which is the rule in English and German; the number is written before the word.
//  * The English column is the page as it has always been: tests and docs/rights.md quote it,
//    so change it only together with them.
//  * Values from elsewhere are not in this table and are never translated: identifiers, purpose
//    keys, the purpose descriptions (fideslang), the gate's exclusions and reasons, sources,
//    evidence. The German page marks the English ones with lang="en" (kEnglishReasons says so).
#ifndef DAYLIGHT_STORE_RIGHTS_REPORT_TEXT_H_
#define DAYLIGHT_STORE_RIGHTS_REPORT_TEXT_H_

#include <string_view>

#include "daylight/rights_report.h"

namespace dl {

// clang-format off
#define DAYLIGHT_REPORT_TEXT(X) \
  X(kHtmlLang, "en", "de") \
  X(kTitle, "Your data: access report (GDPR Art. 15)", "Ihre Daten: Auskunft nach Art. 15 DSGVO") \
  X(kHeading, "The data we hold about you", "Die Daten, die wir über Sie gespeichert haben") \
  X(kMeta, "Access report under Article 15 GDPR for {query}, generated {time} (UTC).", \
    "Auskunft nach Art. 15 DSGVO zu {query}, erstellt am {time} (UTC).") \
  /* Summary. */ \
  X(kSummaryHeading, "Summary", "Zusammenfassung") \
  X(kShadowNote, "{query} is {held}. You did not give it to us, and it is not in our own records. It is never used for marketing, advertising, matching or sharing. Who uploaded it is not shown, and the names or labels people gave it in their address books are not kept.", \
    "{query} ist {held}. Sie haben uns diese Kennung nicht gegeben, und sie steht nicht in unseren eigenen Unterlagen. Sie wird nie für Marketing, Werbung, Abgleiche oder Weitergabe verwendet. Wer sie hochgeladen hat, wird nicht angezeigt, und die Namen oder Bezeichnungen, unter denen andere sie in ihren Adressbüchern gespeichert haben, werden nicht aufbewahrt.") \
  X(kSummary, "We hold {identifiers} and {details} about you, {consents}, and a record of {uses} of your data. Right now it may be used for {used} of the {total} purposes listed below.", \
    "Wir haben über Sie {identifiers} und {details} gespeichert, dazu {consents} und einen Nachweis über {uses} Ihrer Daten. Derzeit dürfen Ihre Daten für {used} der {total} unten aufgeführten Zwecke verwendet werden.") \
  X(kIdentifierOne, "identifier", "Kennung") \
  X(kIdentifierMany, "identifiers", "Kennungen") \
  X(kDetailOne, "other detail", "weitere Angabe") \
  X(kDetailMany, "other details", "weitere Angaben") \
  X(kConsentOne, "consent decision", "Einwilligungsentscheidung") \
  X(kConsentMany, "consent decisions", "Einwilligungsentscheidungen") \
  X(kUseOne, "use", "Verwendung") \
  X(kUseMany, "uses", "Verwendungen") \
  /* Identifiers known from other people's uploads (ThirdPartySentence). {what} is a count \
     of the uploads below; in German it follows "aus", so it is in the dative. */ \
  X(kHeldOnly, "held only from {what} since {since}", "nur aus {what} bekannt, seit {since}") \
  X(kHeldAlso, "also held from {what} since {since}", "auch aus {what} bekannt, seit {since}") \
  X(kAddressBookOne, "uploaded address book", "hochgeladenen Adressbuch") \
  X(kAddressBookMany, "uploaded address books", "hochgeladenen Adressbüchern") \
  X(kUploadByOtherOne, "upload by someone else", "Upload einer anderen Person") \
  X(kUploadByOtherMany, "uploads by others", "Uploads anderer Personen") \
  /* Identifiers. */ \
  X(kIdsHeading, "Your identifiers and where they came from", "Ihre Kennungen und woher sie stammen") \
  X(kPlaceholder, "a placeholder value: never used", "ein Platzhalterwert: wird nie verwendet") \
  X(kSharedBy, "{people} gave it: never used", "von {people} angegeben: wird nie verwendet") \
  X(kPersonOne, "person", "Person") \
  X(kPersonMany, "people", "Personen") \
  X(kSupplierSelf, "you", "Sie selbst") \
  X(kSupplierFirstParty, "our own records", "unsere eigenen Unterlagen") \
  X(kSupplierThirdParty, "someone else", "eine andere Person") \
  X(kSupplierDevice, "a device", "ein Gerät") \
  X(kUnknown, "unknown", "unbekannt") \
  X(kOthersAddressBooks, "other people's uploaded address books", "hochgeladene Adressbücher anderer Personen") \
  X(kOtherPeople, "other people", "andere Personen") \
  X(kUploadsNotShown, "{uploads} (uploaders not shown)", "{uploads} (wer hochgeladen hat, wird nicht angezeigt)") \
  X(kUploadOne, "upload", "Upload") \
  X(kUploadMany, "uploads", "Uploads") \
  X(kIdsCaption, "Each row is one way we received an identifier of yours", \
    "Jede Zeile ist ein Weg, auf dem wir eine Ihrer Kennungen erhalten haben") \
  X(kColIdentifier, "Identifier", "Kennung") \
  X(kColSuppliedBy, "Supplied by", "Angegeben von") \
  X(kColSource, "Source", "Quelle") \
  X(kColCollectedFor, "Collected for", "Erhoben für") \
  X(kColSince, "Since", "Seit") \
  X(kColNotes, "Notes", "Hinweise") \
  /* Traits. */ \
  X(kTraitsHeading, "Other details about you", "Weitere Angaben über Sie") \
  X(kNone, "None.", "Keine.") \
  X(kTraitsCaption, "Details we hold, with where each came from", \
    "Angaben, die wir gespeichert haben, jeweils mit ihrer Herkunft") \
  X(kColDetail, "Detail", "Angabe") \
  X(kColValue, "Value", "Wert") \
  X(kColReceived, "Received", "Erhalten") \
  /* Events. */ \
  X(kEventsHeading, "What we recorded of your visits and use of our services", \
    "Was wir über Ihre Besuche und Ihre Nutzung unserer Dienste aufgezeichnet haben") \
  X(kEventsSummary, "We hold {events}, from {first} to {last}.", \
    "Wir haben {events} gespeichert, vom {first} bis zum {last}.") \
  X(kEventOne, "event", "Ereignis") \
  X(kEventMany, "events", "Ereignisse") \
  X(kEventsCaption, "Events by kind", "Ereignisse nach Art") \
  X(kColEvent, "Event", "Ereignis") \
  X(kColHowMany, "How many", "Anzahl") \
  X(kColFirst, "First", "Erstes") \
  X(kColLast, "Last", "Letztes") \
  X(kRecentCaption, "The {n} most recent events, as we received them (the export has all)", \
    "Die neuesten Ereignisse, so wie wir sie erhalten haben (Anzahl: {n}; der Export nach Art. 20 DSGVO enthält alle)") \
  X(kColWhen, "When", "Wann") \
  X(kColData, "Data", "Daten") \
  /* Purposes. */ \
  X(kPurposesHeading, "What your data may be used for, and on what legal basis", \
    "Wofür Ihre Daten verwendet werden dürfen und auf welcher Rechtsgrundlage") \
  X(kPurposesIntro, "For every purpose, the decision our system takes now for each of your identifiers. Data is used for a purpose only through identifiers shown as allowed.", \
    "Für jeden Zweck steht hier die Entscheidung, die unser System derzeit für jede Ihrer Kennungen trifft. Ihre Daten werden für einen Zweck nur über Kennungen verwendet, die als erlaubt angezeigt werden.") \
  /* Shown only when the page is not in English. */ \
  X(kEnglishReasons, "The descriptions of the purposes and the reasons our system gives are in English.", \
    "Die Beschreibungen der Zwecke und die Begründungen unseres Systems sind auf Englisch angegeben.") \
  X(kAllowedThrough, "allowed through {identifiers}", "erlaubt über {identifiers}") \
  X(kNotUsed, "{identifier}: not used ({why})", "{identifier}: nicht verwendet ({why})") \
  X(kNoneDeclared, "none declared", "keine angegeben") \
  /* The legal bases of Art. 6(1) by their policy keys; English shows the key itself. */ \
  X(kBasisConsent, "consent", "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)") \
  X(kBasisContract, "contract", "Vertragserfüllung (Art. 6 Abs. 1 lit. b DSGVO)") \
  X(kBasisLegalObligation, "legal_obligation", "rechtliche Verpflichtung (Art. 6 Abs. 1 lit. c DSGVO)") \
  X(kBasisVitalInterest, "vital_interest", "lebenswichtige Interessen (Art. 6 Abs. 1 lit. d DSGVO)") \
  X(kBasisPublicTask, "public_task", "Aufgabe im öffentlichen Interesse (Art. 6 Abs. 1 lit. e DSGVO)") \
  X(kBasisLegitimateInterest, "legitimate_interest", "berechtigte Interessen (Art. 6 Abs. 1 lit. f DSGVO)") \
  X(kYes, "yes", "ja") \
  X(kNo, "no", "nein") \
  X(kPurposesCaption, "Purposes, the legal basis declared for each, and whether your data may be used", \
    "Zwecke, die jeweils angegebene Rechtsgrundlage und ob Ihre Daten verwendet werden dürfen") \
  X(kColPurpose, "Purpose", "Zweck") \
  X(kColLegalBasis, "Legal basis", "Rechtsgrundlage") \
  X(kColUsedNow, "Used now", "Derzeit verwendet") \
  X(kColDetails, "Details", "Einzelheiten") \
  /* Consents. */ \
  X(kConsentsHeading, "Your consent decisions", "Ihre Einwilligungsentscheidungen") \
  X(kNoneRecorded, "None recorded.", "Keine vermerkt.") \
  X(kConsentGiven, "given", "erteilt") \
  X(kConsentRefused, "refused", "verweigert") \
  X(kConsentWithdrawn, "withdrawn", "widerrufen") \
  X(kConsentsCaption, "Consent decisions, oldest first, with the evidence recorded", \
    "Einwilligungsentscheidungen, älteste zuerst, mit dem vermerkten Nachweis") \
  X(kColDecision, "Decision", "Entscheidung") \
  X(kColExpires, "Expires", "Läuft ab") \
  X(kColThrough, "Through", "Über") \
  X(kColEvidence, "Evidence", "Nachweis") \
  X(kColRecordNo, "Record no.", "Protokoll-Nr.") \
  /* Uses. */ \
  X(kUsesHeading, "Where your data went", "An wen Ihre Daten übermittelt wurden") \
  X(kNoUses, "Your data has not been sent to anyone.", "Ihre Daten wurden an niemanden übermittelt.") \
  X(kAudienceExport, "audience \"{audience}\" ({format} customer list, hashed)", \
    "Zielgruppe „{audience}“ (Kundenliste im Format {format}, gehasht)") \
  X(kUsesCaption, "Each time your data was sent to a recipient", "Jede Übermittlung Ihrer Daten an einen Empfänger") \
  X(kColWhat, "What", "Was") \
  X(kColRecipient, "Recipient", "Empfänger") \
  X(kColYourIdentifiers, "Your identifiers in it", "Ihre Kennungen darin") \
  /* Objections and restriction. */ \
  X(kObjectionsHeading, "Objections and restriction", "Widersprüche und Einschränkung der Verarbeitung") \
  X(kNoObjection, "No objection (Art. 21) is recorded.", "Es ist kein Widerspruch (Art. 21 DSGVO) vermerkt.") \
  X(kObjectionsCaption, "Objections in force (Art. 21): no consent or policy overrides them", \
    "Geltende Widersprüche (Art. 21 DSGVO): Keine Einwilligung und keine Richtlinie setzt sich über sie hinweg") \
  X(kColObjectedTo, "Purpose objected to", "Zweck, dem widersprochen wurde") \
  X(kColRecordedOn, "Recorded on", "Vermerkt für") \
  X(kRestricted, "Processing of your data is restricted (Art. 18): it is only stored, not used, until the restriction is lifted.", \
    "Die Verarbeitung Ihrer Daten ist eingeschränkt (Art. 18 DSGVO): Ihre Daten werden nur gespeichert und nicht verwendet, bis die Einschränkung aufgehoben wird.") \
  X(kNotRestricted, "Processing of your data is not restricted (Art. 18).", \
    "Die Verarbeitung Ihrer Daten ist nicht eingeschränkt (Art. 18 DSGVO).") \
  /* Retention (RetentionStatement) and rights. */ \
  X(kRetentionHeading, "How long we keep it", "Wie lange wir Ihre Daten speichern") \
  X(kRetention, "No automatic retention period is configured: the data is kept until it is erased (Art. 17). Identifiers from other people's address books are kept until that upload is deleted or they are erased. Consents with an expiry date stop counting on that date. Erasure destroys the keys the data is encrypted under, so nothing readable remains in our records; the record of what was done (the ledger) stays, without readable personal data. Files already sent to a recipient (see the uses) are kept under that recipient's own retention; erasure lists those recipients to be told.", \
    "Es ist keine automatische Speicherdauer festgelegt: Die Daten werden gespeichert, bis sie gelöscht werden (Art. 17 DSGVO). Kennungen aus den Adressbüchern anderer Personen werden gespeichert, bis der jeweilige Upload gelöscht wird oder die Kennungen gelöscht werden. Einwilligungen mit einem Ablaufdatum gelten ab diesem Datum nicht mehr. Bei der Löschung werden die Schlüssel vernichtet, mit denen die Daten verschlüsselt sind, sodass in unseren Unterlagen nichts Lesbares bleibt; der Nachweis darüber, was getan wurde (unser Protokoll), bleibt ohne lesbare personenbezogene Daten erhalten. Dateien, die bereits an einen Empfänger übermittelt wurden (siehe die Übermittlungen oben), unterliegen dessen eigener Speicherdauer; bei der Löschung werden diese Empfänger aufgeführt, damit sie informiert werden.") \
  X(kRightsHeading, "Your rights", "Ihre Rechte") \
  X(kRights, "You may ask us to correct your data (Art. 16), to erase it (Art. 17), to restrict its use (Art. 18), for a copy of what you gave us in a machine-readable form (Art. 20), and you may object to its use at any time (Art. 21); an objection to marketing is always followed. You may also complain to a data-protection supervisory authority.", \
    "Sie können von uns die Berichtigung Ihrer Daten (Art. 16 DSGVO), ihre Löschung (Art. 17), die Einschränkung ihrer Verarbeitung (Art. 18) und eine Kopie der Daten, die Sie uns selbst gegeben haben, in einem maschinenlesbaren Format (Art. 20) verlangen, und Sie können der Verwendung Ihrer Daten jederzeit widersprechen (Art. 21); einem Widerspruch gegen Werbung wird immer entsprochen. Außerdem können Sie sich bei einer Datenschutz-Aufsichtsbehörde beschweren.") \
  X(kFooter, "Produced by Daylight, format daylight-access version {version}. Record numbers refer to entries in our tamper-evident ledger.", \
    "Erstellt mit Daylight, Format daylight-access Version {version}. Die Protokoll-Nummern verweisen auf Einträge in unserem manipulationssicheren Protokoll.")
// clang-format on

enum class ReportMsg {
#define DAYLIGHT_REPORT_TEXT_ENUM(id, en, de) id,
  DAYLIGHT_REPORT_TEXT(DAYLIGHT_REPORT_TEXT_ENUM)
#undef DAYLIGHT_REPORT_TEXT_ENUM
      kCount
};

// The text of `msg` in `lang`: plain text, may hold fmt named placeholders.
std::string_view ReportWords(ReportLanguage lang, ReportMsg msg);

}  // namespace dl

#endif  // DAYLIGHT_STORE_RIGHTS_REPORT_TEXT_H_
