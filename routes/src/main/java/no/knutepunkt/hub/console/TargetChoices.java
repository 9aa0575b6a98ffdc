package no.knutepunkt.hub.console;

import java.util.Collection;
import java.util.Comparator;
import java.util.TreeSet;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.multipart.MultipartFile;

/** What the secretariat's forms offer as a target (regions, IT cooperations, members) and how large a document may be. */
@Component
class TargetChoices {
    private final MemberRegistry registry;
    private final IntakeProperties intake;

    TargetChoices(MemberRegistry registry, IntakeProperties intake) {
        this.registry = registry;
        this.intake = intake;
    }

    void fill(Model model) {
        Collection<Member> members = registry.all();
        model.addAttribute("regions", new TreeSet<>(members.stream().map(Member::region).toList()));
        model.addAttribute("itCooperations", new TreeSet<>(members.stream()
                .flatMap(m -> m.itCooperation().stream()).toList()));
        model.addAttribute("members", members.stream().sorted(Comparator.comparing(Member::name)).toList());
        model.addAttribute("maxDocumentBytes", intake.maxDocumentBytes().toBytes());
    }

    /** Refuses a document over {@code knutepunkt.intake.max-document-bytes}, as the API does. */
    void checkSize(MultipartFile document) {
        long max = intake.maxDocumentBytes().toBytes();
        if (document.getSize() > max) {
            throw new Problem(413, "payload-too-large", "Document too large", "the document has "
                    + document.getSize() + " bytes; at most " + max + " are accepted");
        }
    }
}
