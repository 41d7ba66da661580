package trough.jdbc.tpch;

import java.util.SplittableRandom;

/**
 * The free text of TPC-H's comment columns, after the specification's grammar for text: sentences of
 * adverbs, adjectives, nouns, auxiliaries, verbs, prepositions and terminators drawn from the spec's word
 * lists, cut to a random length. So comments hold, now and then, the words queries look for: "special ...
 * requests" (Q13), and in the suppliers' comments "Customer ... Complaints" (Q16), placed by
 * {@link #withPhrase}.
 */
final class TpchText {
    private static final String[] NOUNS = {"foxes", "ideas", "theodolites", "pinto beans", "instructions", "dependencies",
            "excuses", "platelets", "asymptotes", "courts", "dolphins", "multipliers", "sauternes", "warthogs", "frets",
            "dinos", "attainments", "somas", "Tiresias", "patterns", "forges", "braids", "hockey players", "frays",
            "warhorses", "dugouts", "notornis", "epitaphs", "pearls", "tithes", "waters", "orbits", "gifts", "sheaves",
            "depths", "sentiments", "decoys", "realms", "pains", "grouches", "escapades", "accounts", "packages",
            "requests", "deposits"};
    private static final String[] VERBS = {"sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix",
            "detect", "integrate", "maintain", "nod", "was", "lose", "sublate", "solve", "thrash", "promise", "engage",
            "hinder", "print", "x-ray", "breach", "eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle",
            "snooze", "doze", "unwind", "kindle", "play", "hang", "believe", "doubt"};
    private static final String[] ADJECTIVES = {"furious", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet",
            "ruthless", "thin", "close", "dogged", "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy",
            "regular", "final", "ironic", "even", "bold", "silent", "pending", "express", "special", "unusual"};
    private static final String[] ADVERBS = {"sometimes", "always", "never", "furiously", "slyly", "carefully", "blithely",
            "quickly", "fluffily", "slowly", "quietly", "ruthlessly", "thinly", "closely", "doggedly", "daringly",
            "bravely", "stealthily", "permanently", "enticingly", "idly", "busily", "regularly", "finally", "ironically",
            "evenly", "boldly", "silently"};
    private static final String[] PREPOSITIONS = {"about", "above", "according to", "across", "after", "against", "along",
            "alongside of", "among", "around", "at", "atop", "before", "behind", "beneath", "beside", "besides",
            "between", "beyond", "by", "despite", "during", "except", "for", "from", "in place of", "inside",
            "instead of", "into", "near", "of", "on", "outside", "over", "past", "since", "through", "throughout", "to",
            "toward", "under", "until", "up", "upon", "without", "with", "within"};
    private static final String[] AUXILIARIES = {"do", "may", "might", "shall", "will", "would", "can", "could", "should",
            "ought to", "must", "will have to", "shall have to", "could have to", "should have to", "must have to",
            "need to", "try to"};
    private static final String[] TERMINATORS = {".", ";", ":", "?", "!", "--"};
    private static final String ADDRESS_CHARACTERS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,";

    private TpchText() {}

    /** A comment of {@code min} to {@code max} characters. */
    static String comment(SplittableRandom random, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length + 80);
        while (text.length() < length) {
            if (text.length() > 0) text.append(' ');
            sentence(random, text);
        }
        text.setLength(length);
        return text.toString().strip();
    }

    /** {@code text} with {@code first} and {@code second} written over it, in that order, at random places. */
    static String withPhrase(SplittableRandom random, String text, String first, String second) {
        int room = text.length() - first.length() - second.length();
        if (room < 0) return first + " " + second;
        int start = random.nextInt(room + 1);
        int secondStart = start + first.length() + random.nextInt(room - start + 1);
        return text.substring(0, start) + first + text.substring(start + first.length(), secondStart) + second
                + text.substring(secondStart + second.length());
    }

    /** Random letters, digits and commas, as the spec's addresses are. */
    static String address(SplittableRandom random, int min, int max) {
        char[] characters = new char[min + random.nextInt(max - min + 1)];
        for (int i = 0; i < characters.length; i++) characters[i] = ADDRESS_CHARACTERS.charAt(random.nextInt(ADDRESS_CHARACTERS.length()));
        return new String(characters);
    }

    // sentence: noun phrase, verb phrase, an optional prepositional phrase, a terminator.
    private static void sentence(SplittableRandom random, StringBuilder text) {
        nounPhrase(random, text);
        text.append(' ');
        if (random.nextInt(3) == 0) text.append(pick(random, AUXILIARIES)).append(' ');
        text.append(pick(random, VERBS));
        if (random.nextBoolean()) text.append(' ').append(pick(random, ADVERBS));
        if (random.nextBoolean()) {
            text.append(' ').append(pick(random, PREPOSITIONS)).append(" the ");
            nounPhrase(random, text);
        }
        text.append(pick(random, TERMINATORS));
    }

    private static void nounPhrase(SplittableRandom random, StringBuilder text) {
        switch (random.nextInt(4)) {
            case 0 -> text.append(pick(random, NOUNS));
            case 1 -> text.append(pick(random, ADJECTIVES)).append(' ').append(pick(random, NOUNS));
            case 2 -> text.append(pick(random, ADJECTIVES)).append(", ").append(pick(random, ADJECTIVES)).append(' ').append(pick(random, NOUNS));
            default -> text.append(pick(random, ADVERBS)).append(' ').append(pick(random, ADJECTIVES)).append(' ').append(pick(random, NOUNS));
        }
    }

    static String pick(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
