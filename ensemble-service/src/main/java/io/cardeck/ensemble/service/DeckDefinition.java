package io.cardeck.ensemble.service;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.deck.CardDeck;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Gating;
import io.cardeck.deck.GatingRequest;
import io.cardeck.events.DeckName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated request to create a deck.
 *
 * @param members the cards' models and domains, in order
 */
public record DeckDefinition(String name, List<Member> members, Gating gating) {

    public record Member(UUID modelId, String domain) {
    }

    /** The body of {@code POST /decks} as sent; every field may be missing or wrong. */
    public record Request(String name, List<MemberRequest> members, GatingRequest gating) {
    }

    public record MemberRequest(String modelId, String domain) {
    }

    /**
     * Validates a request, naming every problem.
     *
     * @throws DeckException 400 with all problems found
     */
    public static DeckDefinition from(Request request) {
        if (request == null) {
            throw DeckException.invalid("the body must be a JSON object {name, members: [{modelId, domain}], "
                    + GatingRequest.ACCEPTED + "}");
        }
        List<String> problems = new ArrayList<>();
        if (!DeckName.valid(request.name())) {
            problems.add("name must be " + DeckName.RULE + ", got "
                    + (request.name() == null ? "none" : "'" + request.name() + "'"));
        }
        List<Member> members = new ArrayList<>();
        if (request.members() == null || request.members().isEmpty() || request.members().size() > CardDeck.MAX_CARDS) {
            problems.add("members must list 1 to " + CardDeck.MAX_CARDS + " {modelId, domain} objects");
        } else {
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < request.members().size(); i++) {
                MemberRequest member = request.members().get(i);
                if (member == null) {
                    problems.add("members[" + i + "] is null");
                    continue;
                }
                UUID modelId = null;
                try {
                    modelId = UUID.fromString(String.valueOf(member.modelId()));
                    if (!seen.add(modelId)) {
                        problems.add("members[" + i + "].modelId " + modelId + " appears twice; each model is one card");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("members[" + i + "].modelId must be a model id (UUID), got " + member.modelId());
                }
                if (!TrainingDomains.names().contains(member.domain())) {
                    problems.add("members[" + i + "].domain must be one of " + String.join(", ", TrainingDomains.names())
                            + ", got " + (member.domain() == null ? "none" : "'" + member.domain() + "'"));
                }
                if (modelId != null) {
                    members.add(new Member(modelId, member.domain()));
                }
            }
        }
        Gating gating = null;
        try {
            gating = GatingRequest.toGating(request.gating());
        } catch (IllegalArgumentException e) {
            problems.add("gating: " + e.getMessage());
        }
        if (gating != null && gating.mode() == DeckMode.GATED && request.members() != null) {
            long domains = request.members().stream().filter(m -> m != null && m.domain() != null)
                    .map(MemberRequest::domain).distinct().count();
            if (gating.k() > domains) {
                problems.add("gating.k=" + gating.k() + " exceeds the " + domains + " distinct domain(s) of the members");
            }
        }
        if (!problems.isEmpty()) {
            throw DeckException.invalid("invalid deck: " + String.join("; ", problems));
        }
        return new DeckDefinition(request.name(), List.copyOf(members), gating);
    }
}
