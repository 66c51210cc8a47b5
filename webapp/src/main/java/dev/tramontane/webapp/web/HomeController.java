package dev.tramontane.webapp.web;

import dev.tramontane.webapp.ModelStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: what is loaded and how many documents the library holds. */
@Controller
class HomeController {

    private final ModelStatus modelStatus;
    private final DocumentCount documentCount;

    HomeController(ModelStatus modelStatus, DocumentCount documentCount) {
        this.modelStatus = modelStatus;
        this.documentCount = documentCount;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("modelStatus", modelStatus);
        model.addAttribute("documentCount", documentCount.count());
        return "index";
    }
}
