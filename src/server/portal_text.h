// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Every string the privacy portal shows or sends, in English and German, in one table
// (DAYLIGHT_PORTAL_TEXT below): a translator edits this file only. Placeholders are fmt named
// arguments ("{n}", "{id}"); the pages escape the formatted text, so entries hold plain text,
// never HTML. A string missing in one language is a compile error (three columns per row).
#ifndef DAYLIGHT_SERVER_PORTAL_TEXT_H_
#define DAYLIGHT_SERVER_PORTAL_TEXT_H_

#include <string_view>

namespace dl::server {

enum class Lang { kEn, kDe };

// "en" / "de".
std::string_view LangCode(Lang lang);
// The language to use: `choice` ("de", "en", from ?lang=, the form or the dl_lang cookie) when
// it names one, else the best of Accept-Language (q-values honoured), else English.
Lang ChooseLanguage(std::string_view choice, std::string_view accept_language);

// clang-format off
#define DAYLIGHT_PORTAL_TEXT(X) \
  X(kSiteName, "Privacy portal", "Datenschutzportal") \
  X(kLanguageNav, "Language", "Sprache") \
  X(kSkip, "Skip to content", "Zum Inhalt springen") \
  X(kFooter, "Every request you make here is recorded in our tamper-evident ledger. Questions? Contact our data-protection officer.", \
    "Jede Anfrage, die Sie hier stellen, wird in unserem manipulationssicheren Protokoll festgehalten. Fragen? Wenden Sie sich an unseren Datenschutzbeauftragten.") \
  X(kStartTitle, "See what we hold about you", "Sehen, was wir über Sie gespeichert haben") \
  X(kStartIntro, "Enter your e-mail address or phone number and we send a one-time code to it. With the code you can see everything we hold about you, download what you gave us, object to its use, withdraw consents and ask us to erase it.", \
    "Geben Sie Ihre E-Mail-Adresse oder Telefonnummer ein, und wir senden Ihnen einen Einmal-Code. Mit dem Code sehen Sie alles, was wir über Sie gespeichert haben, können Ihre Angaben herunterladen, der Nutzung widersprechen, Einwilligungen widerrufen und die Löschung verlangen.") \
  X(kIdentifierLabel, "E-mail address or phone number", "E-Mail-Adresse oder Telefonnummer") \
  X(kIdentifierHint, "A phone number with its country code (+49 …), or choose its country below.", \
    "Eine Telefonnummer mit Ländervorwahl (+49 …) oder wählen Sie unten ihr Land.") \
  X(kRegionLabel, "Country of the phone number (if it does not start with +)", "Land der Telefonnummer (wenn sie nicht mit + beginnt)") \
  X(kRegionNone, "— (the number starts with +)", "— (die Nummer beginnt mit +)") \
  X(kSendCode, "Send code", "Code senden") \
  X(kStartPrivacy, "We answer in the same way whether or not we hold anything about the address: whether we do, you see only after entering the code. The code is valid for {minutes} minutes.", \
    "Wir antworten immer gleich, ob wir zu der Adresse etwas gespeichert haben oder nicht: Das sehen Sie erst nach Eingabe des Codes. Der Code ist {minutes} Minuten gültig.") \
  X(kCookiesNote, "This portal uses only strictly necessary cookies: one protects the forms, one keeps you signed in for 30 minutes, one remembers your language.", \
    "Dieses Portal verwendet nur technisch notwendige Cookies: eines schützt die Formulare, eines hält Sie 30 Minuten lang angemeldet, eines merkt sich Ihre Sprache.") \
  X(kInvalidIdentifier, "That is neither an e-mail address nor a phone number we can read. Check it; for a phone number without + choose its country.", \
    "Das ist weder eine E-Mail-Adresse noch eine Telefonnummer, die wir lesen können. Bitte prüfen Sie die Eingabe; wählen Sie bei einer Telefonnummer ohne + ihr Land.") \
  X(kLoggedOut, "You are signed out.", "Sie sind abgemeldet.") \
  X(kCountryDE, "Germany", "Deutschland") \
  X(kCountryAT, "Austria", "Österreich") \
  X(kCountryCH, "Switzerland", "Schweiz") \
  X(kCountryFR, "France", "Frankreich") \
  X(kCountryNL, "Netherlands", "Niederlande") \
  X(kCountryBE, "Belgium", "Belgien") \
  X(kCountryIT, "Italy", "Italien") \
  X(kCountryES, "Spain", "Spanien") \
  X(kCountryPL, "Poland", "Polen") \
  X(kCountryGB, "United Kingdom", "Vereinigtes Königreich") \
  X(kCountryUS, "United States", "Vereinigte Staaten") \
  X(kCodeTitle, "Enter your code", "Code eingeben") \
  X(kCodeSent, "We are sending a 6-digit code to the address you entered. It is valid for {minutes} minutes and works once.", \
    "Wir senden einen 6-stelligen Code an die eingegebene Adresse. Er ist {minutes} Minuten gültig und nur einmal verwendbar.") \
  X(kCodeNoOracle, "Whether we hold anything about this address you will see after entering the code.", \
    "Ob wir zu dieser Adresse etwas gespeichert haben, sehen Sie nach Eingabe des Codes.") \
  X(kCodeLabel, "6-digit code", "6-stelliger Code") \
  X(kConfirm, "Confirm", "Bestätigen") \
  X(kNewCode, "Request a new code", "Neuen Code anfordern") \
  X(kWrongCode, "That code is not right. Attempts left: {n}.", "Der Code ist nicht richtig. Verbleibende Versuche: {n}.") \
  X(kLocked, "Too many wrong attempts: this code is locked. Request a new one.", \
    "Zu viele falsche Versuche: Dieser Code ist gesperrt. Fordern Sie einen neuen an.") \
  X(kExpired, "This code has expired. Request a new one.", "Dieser Code ist abgelaufen. Fordern Sie einen neuen an.") \
  X(kUnknownChallenge, "This code is no longer valid. Request a new one.", "Dieser Code ist nicht mehr gültig. Fordern Sie einen neuen an.") \
  X(kRateLimitedTitle, "Please wait", "Bitte warten Sie") \
  X(kRateLimited, "Too many codes were requested for this address or from your network. Try again in an hour.", \
    "Für diese Adresse oder aus Ihrem Netz wurden zu viele Codes angefordert. Versuchen Sie es in einer Stunde erneut.") \
  X(kDeliveryFailed, "The code could not be sent. Please try again later.", "Der Code konnte nicht gesendet werden. Bitte versuchen Sie es später erneut.") \
  X(kMeTitle, "What we hold about you", "Was wir über Sie gespeichert haben") \
  X(kVerifiedAs, "Verified by one-time code as {id}.", "Per Einmal-Code bestätigt als {id}.") \
  X(kSignOut, "Sign out", "Abmelden") \
  X(kNothingHeld, "We hold no data about {id}.", "Wir haben keine Daten zu {id} gespeichert.") \
  X(kNothingHeldMore, "There is nothing to show, download, object to or erase. Your check itself was not stored under your address.", \
    "Es gibt nichts anzuzeigen, herunterzuladen, zu widersprechen oder zu löschen. Ihre Abfrage selbst wurde nicht unter Ihrer Adresse gespeichert.") \
  X(kSummary, "We hold {identifiers} identifier(s) and {traits} other detail(s) about you, {consents} consent decision(s), and a record of {uses} use(s) of your data.", \
    "Wir haben {identifiers} Kennung(en) und {traits} weitere Angabe(n) über Sie gespeichert, {consents} Einwilligungsentscheidung(en) und {uses} Verwendung(en) Ihrer Daten.") \
  X(kShadowSummary, "We know {id} only because {n} other people uploaded it with their address books (since {since}). You did not give it to us. It is never used for marketing, advertising, matching or sharing. Who uploaded it is not shown, and the names people saved it under are not kept.", \
    "Wir kennen {id} nur, weil {n} andere Personen es mit ihren Adressbüchern hochgeladen haben (seit {since}). Sie haben es uns nicht gegeben. Es wird nie für Marketing, Werbung, Abgleiche oder Weitergabe verwendet. Wer es hochgeladen hat, wird nicht gezeigt, und die Namen, unter denen es gespeichert war, werden nicht aufbewahrt.") \
  X(kFlashObjected, "Your objection is recorded and applies at once.", "Ihr Widerspruch ist vermerkt und gilt ab sofort.") \
  X(kFlashWithdrawn, "Your consent is withdrawn, with effect from now.", "Ihre Einwilligung ist widerrufen, mit Wirkung ab jetzt.") \
  X(kFlashErase, "Your erasure request is with our data-protection officer.", "Ihr Löschantrag liegt bei unserem Datenschutzbeauftragten.") \
  X(kIdsHeading, "Your identifiers and where they came from", "Ihre Kennungen und woher sie stammen") \
  X(kIdsCaption, "Each row is one way we received an identifier of yours", "Jede Zeile ist ein Weg, auf dem wir eine Ihrer Kennungen erhalten haben") \
  X(kColIdentifier, "Identifier", "Kennung") \
  X(kColSuppliedBy, "Supplied by", "Angegeben von") \
  X(kColSource, "Source", "Quelle") \
  X(kColCollectedFor, "Collected for", "Erhoben für") \
  X(kColSince, "Since", "Seit") \
  X(kSupSelf, "you", "Sie selbst") \
  X(kSupFirst, "us (our own records)", "wir (eigene Unterlagen)") \
  X(kSupThird, "other people's uploaded address books", "hochgeladene Adressbücher anderer Personen") \
  X(kSupDevice, "a device", "ein Gerät") \
  X(kUploads, "{n} upload(s), uploaders not shown", "{n} Upload(s), Hochladende werden nicht gezeigt") \
  X(kTraitsHeading, "Other details about you", "Weitere Angaben über Sie") \
  X(kTraitsCaption, "Details we hold, with where each came from", "Angaben, die wir gespeichert haben, mit ihrer Herkunft") \
  X(kColDetail, "Detail", "Angabe") \
  X(kColValue, "Value", "Wert") \
  X(kNone, "None.", "Keine.") \
  X(kPurposesHeading, "What your data may be used for", "Wofür Ihre Daten verwendet werden dürfen") \
  X(kPurposesIntro, "For every purpose, whether our system allows your data to be used for it right now. You can object to every use except those needed to provide the service you asked for; an objection applies at once and nothing overrides it.", \
    "Für jeden Zweck, ob unser System die Verwendung Ihrer Daten gerade erlaubt. Sie können jeder Verwendung widersprechen, außer der für den von Ihnen gewünschten Dienst nötigen; ein Widerspruch gilt sofort und nichts setzt sich darüber hinweg.") \
  X(kPurposesCaption, "Purposes, the legal basis declared for each, and whether your data may be used", "Zwecke, die jeweils angegebene Rechtsgrundlage und ob Ihre Daten verwendet werden dürfen") \
  X(kColPurpose, "Purpose", "Zweck") \
  X(kColLegalBasis, "Legal basis", "Rechtsgrundlage") \
  X(kColUsedNow, "Used now", "Derzeit genutzt") \
  X(kColChoice, "Your choice", "Ihre Wahl") \
  X(kYes, "yes", "ja") \
  X(kNo, "no", "nein") \
  X(kObject, "Object", "Widersprechen") \
  X(kObjectTo, "Object to {purpose}", "{purpose} widersprechen") \
  X(kObjected, "Objected", "Widersprochen") \
  X(kNeeded, "Needed for the service", "Für den Dienst nötig") \
  X(kNoneDeclared, "none declared", "keine angegeben") \
  X(kMarketingHeading, "Object to all marketing", "Jeglichem Marketing widersprechen") \
  X(kMarketingIntro, "One objection covers marketing e-mail, SMS and every kind of advertising, now and in future, whatever you consented to before.", \
    "Ein Widerspruch gilt für Werbe-E-Mails, SMS und jede Art von Werbung, jetzt und künftig, unabhängig von früheren Einwilligungen.") \
  X(kMarketingButton, "Object to all marketing", "Jeglichem Marketing widersprechen") \
  X(kMarketingDone, "You have objected to all marketing.", "Sie haben jeglichem Marketing widersprochen.") \
  X(kConsentsHeading, "Your consents", "Ihre Einwilligungen") \
  X(kConsentsCaption, "Consent decisions, oldest first, with the evidence recorded", "Einwilligungsentscheidungen, älteste zuerst, mit dem vermerkten Nachweis") \
  X(kColWhen, "When", "Wann") \
  X(kColDecision, "Decision", "Entscheidung") \
  X(kColEvidence, "Evidence", "Nachweis") \
  X(kGranted, "granted", "erteilt") \
  X(kDenied, "refused", "verweigert") \
  X(kWithdrawnState, "withdrawn", "widerrufen") \
  X(kWithdraw, "Withdraw", "Widerrufen") \
  X(kWithdrawLabel, "Withdraw consent for {purpose}", "Einwilligung für {purpose} widerrufen") \
  X(kNoConsents, "None recorded.", "Keine vermerkt.") \
  X(kUsesHeading, "Where your data went", "Wohin Ihre Daten gingen") \
  X(kUsesCaption, "Each time your data was sent to a recipient", "Jede Übermittlung Ihrer Daten an einen Empfänger") \
  X(kNoUses, "Your data has not been sent to anyone.", "Ihre Daten wurden an niemanden übermittelt.") \
  X(kColRecipient, "Recipient", "Empfänger") \
  X(kObjectionsHeading, "Objections and restriction", "Widersprüche und Einschränkung") \
  X(kNoObjections, "No objection is recorded.", "Es ist kein Widerspruch vermerkt.") \
  X(kObjectionsCaption, "Objections in force: nothing overrides them", "Geltende Widersprüche: nichts setzt sich über sie hinweg") \
  X(kColRecordedOn, "Recorded on", "Vermerkt für") \
  X(kRestricted, "Processing of your data is restricted: it is only stored, not used.", \
    "Die Verarbeitung Ihrer Daten ist eingeschränkt: Sie werden nur gespeichert, nicht verwendet.") \
  X(kDownloadHeading, "Download", "Herunterladen") \
  X(kDownloadExport, "Download what you gave us (JSON, Art. 20 GDPR)", "Ihre eigenen Angaben herunterladen (JSON, Art. 20 DSGVO)") \
  X(kFullReport, "The complete access report (Art. 15 GDPR)", "Der vollständige Auskunftsbericht (Art. 15 DSGVO)") \
  X(kFullReportJson, "The access report as JSON", "Der Auskunftsbericht als JSON") \
  X(kEraseHeading, "Erasure", "Löschung") \
  X(kEraseIntro, "You may ask us to erase everything we hold about you (Art. 17 GDPR). Our data-protection officer checks the request, for example whether the law obliges us to keep invoices, and carries it out without undue delay, at the latest within one month. Objections and withdrawals above take effect at once.", \
    "Sie können verlangen, dass wir alles löschen, was wir über Sie gespeichert haben (Art. 17 DSGVO). Unser Datenschutzbeauftragter prüft den Antrag, etwa ob wir Rechnungen gesetzlich aufbewahren müssen, und führt ihn unverzüglich aus, spätestens innerhalb eines Monats. Widersprüche und Widerrufe oben gelten sofort.") \
  X(kEraseButton, "Ask for erasure", "Löschung beantragen") \
  X(kErasePending, "Your erasure request of {when} (no. {id}) is with our data-protection officer.", \
    "Ihr Löschantrag vom {when} (Nr. {id}) liegt bei unserem Datenschutzbeauftragten.") \
  X(kForbiddenTitle, "This form has expired", "Dieses Formular ist abgelaufen") \
  X(kForbidden, "For your protection the form could not be accepted. Go back, reload the page and try again. The portal needs cookies to work.", \
    "Zu Ihrem Schutz konnte das Formular nicht angenommen werden. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut. Das Portal benötigt Cookies.") \
  X(kSessionEnded, "Your session has ended. Please verify your address again.", "Ihre Sitzung ist abgelaufen. Bitte bestätigen Sie Ihre Adresse erneut.") \
  X(kErrorTitle, "Something went wrong", "Etwas ist schiefgelaufen") \
  X(kErrorText, "Your request could not be completed. Please try again later.", "Ihre Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es später erneut.") \
  X(kBadPurpose, "That purpose cannot be chosen here.", "Dieser Zweck kann hier nicht gewählt werden.") \
  X(kNotSubject, "We know this address only from other people's address books, so there is no consent of yours to withdraw.", \
    "Wir kennen diese Adresse nur aus Adressbüchern anderer Personen; es gibt daher keine Einwilligung von Ihnen zu widerrufen.") \
  X(kBackToStart, "Back to the start", "Zurück zum Anfang") \
  X(kBackToData, "Back to your data", "Zurück zu Ihren Daten") \
  X(kCodeMessage, "Your Daylight privacy portal code is {code}. It is valid for {minutes} minutes. If you did not ask for it, ignore this message: nothing happens without the code.", \
    "Ihr Code für das Daylight-Datenschutzportal lautet {code}. Er ist {minutes} Minuten gültig. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne den Code geschieht nichts.") \
  X(kPurpose_essential, "providing the service you asked for", "Erbringung des von Ihnen gewünschten Dienstes") \
  X(kPurpose_essential_service, "running the contract or service: orders, support, accounts", "Durchführung von Vertrag oder Dienst: Bestellungen, Support, Konten") \
  X(kPurpose_essential_security, "security, fraud prevention, two-factor login", "Sicherheit, Betrugsabwehr, Zwei-Faktor-Anmeldung") \
  X(kPurpose_functional, "features you use", "Funktionen, die Sie nutzen") \
  X(kPurpose_functional_contact_discovery, "finding friends among uploaded address books", "Freunde in hochgeladenen Adressbüchern finden") \
  X(kPurpose_marketing, "all marketing", "jegliches Marketing") \
  X(kPurpose_marketing_communications, "direct marketing messages", "Direktwerbung") \
  X(kPurpose_marketing_communications_email, "marketing e-mail", "Werbe-E-Mails") \
  X(kPurpose_marketing_communications_sms, "marketing SMS and telephone marketing", "Werbe-SMS und Telefonwerbung") \
  X(kPurpose_marketing_advertising, "advertising", "Werbung") \
  X(kPurpose_marketing_advertising_first_party, "advertising on our own websites and apps", "Werbung auf unseren eigenen Websites und Apps") \
  X(kPurpose_marketing_advertising_first_party_targeted, "targeted advertising on our own websites and apps", "zielgerichtete Werbung auf unseren eigenen Websites und Apps") \
  X(kPurpose_marketing_advertising_third_party, "advertising on other platforms", "Werbung auf anderen Plattformen") \
  X(kPurpose_marketing_advertising_third_party_targeted, "custom audiences on Meta, Google and other platforms", "Custom Audiences bei Meta, Google und anderen Plattformen") \
  X(kPurpose_analytics, "measurement", "Reichweitenmessung") \
  X(kPurpose_third_party_sharing, "handing data to another company (sale or sharing)", "Weitergabe an ein anderes Unternehmen (Verkauf oder Teilen)")
// clang-format on

enum class Msg {
#define DAYLIGHT_PORTAL_TEXT_ENUM(id, en, de) id,
  DAYLIGHT_PORTAL_TEXT(DAYLIGHT_PORTAL_TEXT_ENUM)
#undef DAYLIGHT_PORTAL_TEXT_ENUM
      kCount
};

// The text of `msg` in `lang` (plain text, may hold fmt named placeholders).
std::string_view T(Lang lang, Msg msg);
// A purpose's description in `lang`; "" for an unknown purpose.
std::string_view PurposeText(Lang lang, std::string_view purpose);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_PORTAL_TEXT_H_
