// The epidemic model's parameters, with its contact matrix CSV.
#include <cmath>
#include <regex>
#include <sstream>

#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

std::vector<double> read_numbers(const InputNode& node) {
    std::vector<double> values;
    for (const InputNode& item : node.items()) values.push_back(item.as_number());
    return values;
}

// The epidemic's age bands: [0-9, 10-19, ..., 70+], each FROM-TO or, the last, FROM+ (the
// model checks that they run from 0 and are made of the contact data's five-year bands).
std::vector<EpiBandSpec> read_bands(const InputNode& node) {
    static const std::regex closed(R"(\s*(\d{1,3})\s*-\s*(\d{1,3})\s*)"), open(R"(\s*(\d{1,3})\s*\+\s*)");
    std::vector<EpiBandSpec> bands;
    for (const InputNode& item : node.items()) {
        const std::string text = item.as_string();
        std::smatch m;
        if (std::regex_match(text, m, closed))
            bands.push_back({std::stoll(m[1].str()), std::stoll(m[2].str())});
        else if (std::regex_match(text, m, open))
            bands.push_back({std::stoll(m[1].str()), std::nullopt});
        else
            item.fail("expected an age band as FROM-TO (e.g. 10-19) or, for the open top band, "
                      "FROM+ (e.g. 70+), got '" + text + "'");
    }
    if (bands.empty()) node.fail("expected a list of age bands, e.g. [0-9, 10-19, ..., 60-69, 70+]");
    return bands;
}

EpiMatrix read_contact_csv(const InputNode& node, const std::filesystem::path& base_dir) {
    const InputSource csv = read_named_file(node, base_dir, "the contact matrix");
    if (csv.lines.size() < five_year_bands + 1)
        csv.fail_at(0, 0, "expected a header line and 16 rows of 16 numbers");
    EpiMatrix m(five_year_bands, five_year_bands);
    for (int a = 0; a < five_year_bands; ++a) {
        std::stringstream row(csv.lines[static_cast<std::size_t>(a + 1)]);
        std::string cell;
        int b = 0;
        while (std::getline(row, cell, ',')) {
            char* end = nullptr;
            const double v = std::strtod(cell.c_str(), &end);
            if (b >= five_year_bands || end == cell.c_str() || !std::isfinite(v) || v < 0)
                csv.fail_at(a + 1, 0, "expected 16 contact rates, numbers of zero or more");
            m(a, b++) = v;
        }
        if (b != five_year_bands)
            csv.fail_at(a + 1, 0, "expected 16 contact rates, got " + std::to_string(b));
    }
    return m;
}

EfficacySpec read_efficacy(const InputNode& node, const char* what) {
    MapReader s(node, what);
    EfficacySpec e;
    e.infection = s.required("infection").as_share();
    e.severe = s.required("severe").as_share();
    if (auto t = s.optional("transmission")) e.transmission = t->as_share();
    s.finish();
    return e;
}

WaningSpec read_waning(const InputNode& node) {
    MapReader s(node, "a product's waning");
    WaningSpec w;
    w.mean_days = s.required("mean_days").as_number();
    for (const InputNode& item : s.required("infection").items()) w.infection.push_back(item.as_share());
    for (const InputNode& item : s.required("severe").items()) w.severe.push_back(item.as_share());
    if (auto t = s.optional("transmission"))
        for (const InputNode& item : t->items()) w.transmission.push_back(item.as_share());
    if (auto b = s.optional("booster")) w.booster = read_efficacy(*b, "a booster's waned efficacy");
    s.finish();
    return w;
}

ProtectionSpec read_protection(const InputNode& node) {
    MapReader s(node, "a product's protection");
    ProtectionSpec p;
    if (auto d = s.optional("delay_days")) p.delay_days = d->as_count();
    for (const char* key : {"infection", "severe"}) {
        auto& values = std::string(key) == "infection" ? p.infection : p.severe;
        for (const InputNode& item : s.required(key).items()) values.push_back(item.as_share());
    }
    if (auto t = s.optional("type")) {
        p.type = t->as_string();
        if (p.type != "leaky" && p.type != "all_or_nothing")
            t->fail("expected leaky or all_or_nothing, got '" + p.type + "'");
    }
    if (auto t = s.optional("transmission"))
        for (const InputNode& item : t->items()) p.transmission.push_back(item.as_share());
    if (auto b = s.optional("by_age"))
        for (const InputNode& item : b->items()) p.by_age.push_back(item.as_number());
    if (auto b = s.optional("booster")) p.booster = read_efficacy(*b, "a booster's efficacy");
    if (auto w = s.optional("waning")) p.waning = read_waning(*w);
    s.finish();
    return p;
}

} // namespace

EpidemicSpec read_epidemic(const InputNode& node, const std::vector<ProductSpec>& products,
                           const std::filesystem::path& base_dir) {
    MapReader r(node, "the epidemic model");
    EpidemicSpec e;
    if (auto b = r.optional("bands")) e.bands = read_bands(*b);
    e.populations = read_numbers(r.required("populations"));
    const InputNode contacts = r.required("contacts_csv");
    e.contacts = read_contact_csv(contacts, base_dir);
    contacts.note_as(node.path() + ".contacts");
    e.r0 = r.required("r0").as_number();
    e.latent_days = r.required("latent_days").as_number();
    e.infectious_days = r.required("infectious_days").as_number();
    if (auto initial = r.optional("initial")) {
        MapReader i(*initial, "the epidemic's initial state");
        if (auto v = i.optional("exposed")) e.initial_exposed = v->as_share();
        if (auto v = i.optional("infectious")) e.initial_infectious = v->as_share();
        if (auto v = i.optional("immune")) {
            if (v->is_sequence())
                e.initial_immune_by_band = read_numbers(*v);
            else
                e.initial_immune = v->as_share();
        }
        i.finish();
    }
    if (auto s = r.optional("substeps")) e.substeps = s->as_count();
    if (auto d = r.optional("infection_immunity_days"))
        e.infection_immunity_days = d->as_number();
    if (auto v = r.optional("susceptibility")) e.susceptibility = read_numbers(*v);
    if (auto v = r.optional("clinical_fraction")) e.clinical_fraction = read_numbers(*v);
    if (auto v = r.optional("subclinical_infectiousness"))
        e.subclinical_infectiousness = v->as_share();
    {
        MapReader sv(r.required("severity"), "the severity ratios");
        e.severity_source = sv.required("source").as_string();
        e.hospitalisation = read_numbers(sv.required("hospitalisation"));
        e.fatality = read_numbers(sv.required("fatality"));
        sv.finish();
    }
    {
        MapReader pr(r.required("protection"), "the protection of each product");
        for (const ProductSpec& p : products)
            e.protection[p.id] = read_protection(pr.required(p.id));
        pr.finish();
    }
    if (auto list = r.optional("contact_scaling")) {
        for (const InputNode& item : list->items()) {
            MapReader c(item, "a contact scaling period");
            ContactScaling scaling;
            scaling.from = c.required("from").as_date();
            scaling.factor = c.required("factor").as_number();
            c.finish();
            e.contact_scaling.push_back(scaling);
        }
    }
    if (auto list = r.optional("variants")) {
        for (const InputNode& item : list->items()) {
            MapReader v(item, "a variant");
            Variant variant;
            variant.from = v.required("from").as_date();
            if (auto t = v.optional("transmissibility")) variant.transmissibility = t->as_number();
            if (auto s = v.optional("severity")) variant.severity = s->as_number();
            if (auto l = v.optional("label")) variant.label = l->as_string();
            v.finish();
            e.variants.push_back(variant);
        }
    }
    if (auto list = r.optional("importations")) {
        for (const InputNode& item : list->items()) {
            MapReader im(item, "an importation period");
            Importation imported;
            imported.from = im.required("from").as_date();
            imported.to = im.required("to").as_date();
            imported.per_day = im.required("per_day").as_number();
            im.finish();
            e.importations.push_back(imported);
        }
    }
    if (auto c = r.optional("counterfactual")) e.counterfactual = c->as_bool();
    if (auto c = r.optional("stochastic")) e.stochastic = c->as_bool();
    if (auto h = r.optional("hospital")) e.hospital = read_hospital(*h);
    r.finish();
    return e;
}

} // namespace vaxsim
