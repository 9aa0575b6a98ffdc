package no.knutepunkt.hub.console;

import java.util.Optional;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.secretariat.invoicing.FundingYears;
import no.knutepunkt.hub.secretariat.invoicing.Invoicing;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingStore;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingViewBuilder;
import no.knutepunkt.hub.security.Caller;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Invoicing of the base funding: the dry run of a year as a table (per payer its lines and total, the totals, the
 * need and the balance), then a real run behind a confirmation, and each run's invoices with their delivery status
 * and EHF document. Through {@link Invoicing}, as the API's {@code POST /invoicing-runs}.
 */
@Controller
@RequestMapping("/console/secretariat/invoicing")
class InvoicingPages {
    private final Invoicing invoicing;
    private final InvoicingStore store;
    private final InvoicingViewBuilder views;
    private final FundingYears years;

    InvoicingPages(Invoicing invoicing, InvoicingStore store, InvoicingViewBuilder views, FundingYears years) {
        this.invoicing = invoicing;
        this.store = store;
        this.views = views;
        this.years = years;
    }

    @GetMapping
    String invoicing(@RequestParam Optional<Integer> year, @AuthenticationPrincipal Caller caller, Model model) {
        model.addAttribute("years", years.years());
        model.addAttribute("runs", store.runs(50).stream().map(views::summary).toList());
        year.ifPresent(y -> {
            model.addAttribute("year", y);
            try {
                model.addAttribute("dryRun", views.dryRun(invoicing.run(new Invoicing.Request(y, true, false),
                        caller.username()), false));
            } catch (Problem p) {
                model.addAttribute("problem", p.getMessage());
            }
        });
        return "console/invoicing";
    }

    @PostMapping("/runs")
    String run(@RequestParam int year, @RequestParam(defaultValue = "false") boolean confirmed,
               @AuthenticationPrincipal Caller caller, RedirectAttributes flash) {
        if (!confirmed) {
            flash.addFlashAttribute("problem", "Tick the confirmation first: a real run issues the invoices and"
                    + " sends them to the payers.");
            return "redirect:/console/secretariat/invoicing?year=" + year;
        }
        try {
            Invoicing.Outcome outcome = invoicing.run(new Invoicing.Request(year, false, false), caller.username());
            InvoicingStore.Run run = outcome.run().orElseThrow();
            flash.addFlashAttribute("notice", outcome.created()
                    ? "Invoicing run for " + year + " made: its invoices are on their way to the payers."
                    : "The invoices of " + year + " were issued before; nothing was issued again.");
            return "redirect:/console/secretariat/invoicing/runs/" + run.id();
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
            return "redirect:/console/secretariat/invoicing?year=" + year;
        }
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable String id, Model model) {
        InvoicingStore.Run run = store.run(id).orElseThrow(() -> Problem.notFound("no invoicing run " + id));
        model.addAttribute("run", views.run(run, true));
        return "console/invoicing-run";
    }

    /** An invoice's EHF document, as issued. */
    @GetMapping("/runs/{id}/invoices/{number}")
    ResponseEntity<byte[]> ehf(@PathVariable String id, @PathVariable String number) {
        InvoicingStore.Invoice invoice = store.invoice(number).filter(i -> i.runId().equals(id))
                .orElseThrow(() -> Problem.notFound("no invoice " + number + " in invoicing run " + id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(invoice.number() + ".xml").build().toString())
                .body(store.ubl(number).orElseThrow());
    }
}
