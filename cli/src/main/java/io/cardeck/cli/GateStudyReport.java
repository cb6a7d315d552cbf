package io.cardeck.cli;

import io.cardeck.cli.GateStudyCommand.CorruptionRouting;
import io.cardeck.cli.GateStudyCommand.DeckStudy;
import io.cardeck.cli.GateStudyCommand.Report;
import io.cardeck.cli.GateStudyCommand.Row;
import io.cardeck.cli.GateStudyCommand.Sent;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The gate study as Markdown: per deck the choice, every variant, and where the chosen and default gates send images. */
final class GateStudyReport {

    private GateStudyReport() {
    }

    static String markdown(Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s, %d images per corruption x severity cell. Validation: %d training images"
                        + " held out (seed %d) after the first %d (the reference spectra's), corrupted with seed %d. Test: the"
                        + " first %d test images, the suite of seed 0. Batch granularity decides per %d consecutive images of a"
                        + " cell. robust = mean over the 15 standard corruptions x 5 severities.%n",
                report.dataset(), report.imagesPerCell(), report.imagesPerCell(), report.validationSeed(),
                report.validationHeldOutFrom(), report.validationSeed(), report.imagesPerCell(), report.batch()));
        for (DeckStudy deck : report.decks()) {
            deck(text, deck);
        }
        return text.toString();
    }

    private static void deck(StringBuilder text, DeckStudy deck) {
        Row chosen = row(deck, deck.chosen());
        Row member = row(deck, deck.chosenMember());
        Row defaults = row(deck, deck.defaultGate());
        Row average = row(deck, "average");
        text.append("\n## ").append(deck.architecture()).append(": ").append(String.join(", ", deck.members())).append("\n\n");
        text.append(String.format(Locale.ROOT, "- chosen on validation: `%s`, %.2f members per image: validation robust %s,"
                        + " test robust %s%n", chosen.variant(), chosen.membersPerImage(), percent(chosen.validation().robust()),
                percent(chosen.test().robust())));
        text.append(String.format(Locale.ROOT, "- best member on validation: `%s`: validation robust %s, test robust %s%n",
                member.variant(), percent(member.validation().robust()), percent(member.test().robust())));
        text.append(String.format(Locale.ROOT, "- the default gate `%s`: validation robust %s, test robust %s; average of all:"
                        + " validation %s, test %s%n", defaults.variant(), percent(defaults.validation().robust()),
                percent(defaults.test().robust()), percent(average.validation().robust()), percent(average.test().robust())));
        double gain = chosen.test().robust() - member.test().robust();
        text.append(String.format(Locale.ROOT, "- on the test suite the chosen gate is %+.2f points of robust accuracy against"
                + " the best member (%s)%n", 100 * gain, gain > 0 ? "it beats it" : "it does not beat it"));

        text.append("\nEvery variant, by validation robust accuracy (families: test suite)\n\n");
        text.append("| variant | members per image | validation clean | validation robust | test clean | test robust | noise"
                + " | blur | weather | digital |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : deck.variants()) {
            Map<String, Double> families = row.test().families();
            text.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.variant(),
                    row.membersPerImage(), percent(row.validation().clean()), percent(row.validation().robust()),
                    percent(row.test().clean()), percent(row.test().robust()), percent(families.get("noise")),
                    percent(families.get("blur")), percent(families.get("weather")), percent(families.get("digital"))));
        }
        deck.testRouting().forEach((variant, routing) -> routing(text, variant, routing));
    }

    private static void routing(StringBuilder text, String variant, List<CorruptionRouting> routing) {
        List<String> domains = List.copyOf(routing.get(0).share().keySet());
        text.append("\nTest suite, `").append(variant).append("`: each domain's share of the answers, the gate's accuracy,"
                + " and where it sends images with what each member gets right on them (all severities)\n\n");
        text.append("| corruption |");
        domains.forEach(d -> text.append(" to ").append(d).append(" |"));
        text.append(" gate |");
        domains.forEach(d -> text.append(" ").append(d).append(" alone |"));
        text.append(" sent to: share (standard / gauss / augmix right on them) |\n|---|");
        text.append("---:|".repeat(2 * domains.size() + 1)).append("---|\n");
        for (CorruptionRouting corruption : routing) {
            text.append("| ").append(corruption.corruption()).append(" |");
            domains.forEach(d -> text.append(" ").append(percent(corruption.share().get(d))).append(" |"));
            text.append(" ").append(percent(corruption.accuracy())).append(" |");
            for (String member : domains) {
                double right = 0;
                for (Sent sent : corruption.sentTo().values()) {
                    if (sent.share() > 0) {
                        right += sent.share() * sent.memberAccuracy().get(member);
                    }
                }
                text.append(" ").append(percent(right)).append(" |");
            }
            StringBuilder sentTo = new StringBuilder();
            corruption.sentTo().forEach((domain, sent) -> {
                if (sent.share() > 0) {
                    sentTo.append(sentTo.isEmpty() ? "" : "; ").append(domain).append(" ").append(percent(sent.share()))
                            .append(" (");
                    for (int i = 0; i < domains.size(); i++) {
                        sentTo.append(i == 0 ? "" : " / ").append(percent(sent.memberAccuracy().get(domains.get(i))));
                    }
                    sentTo.append(")");
                }
            });
            text.append(" ").append(sentTo).append(" |\n");
        }
    }

    private static Row row(DeckStudy deck, String variant) {
        return deck.variants().stream().filter(r -> r.variant().equals(variant)).findFirst().orElseThrow();
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}
