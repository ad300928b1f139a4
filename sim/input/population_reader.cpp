// The population's tiers and age bands, and the priority groups drawn from them.
#include "sim/input/distribution_reader.hpp"
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

GroupSpec read_group(const InputNode& item) {
    MapReader r(item, "a priority group");
    GroupSpec g;
    g.id = r.required("id").as_string();
    if (auto label = r.optional("label")) g.label = label->as_string();
    g.tier = r.required("tier").as_string();
    g.opens = r.required("opens").as_date();
    g.priority = r.required("priority").as_integer();
    if (auto uptake = r.optional("uptake")) {
        if (uptake->is_map())
            g.uptake_distribution = read_distribution_spec(*uptake);
        else
            g.uptake = uptake->as_share();
    }

    // A group's people: one band and a size, one band's rest, or a split across bands.
    // Each band's people are noted as groups.<id>.bands.<band>, whichever way written.
    const auto size_node = r.optional("size");
    const auto band_node = r.optional("band");
    const auto bands_node = r.optional("bands");
    const auto rest_node = r.optional("rest_of_band");
    const std::string bands_path = item.path() + ".bands";
    if (band_node && bands_node) bands_node->fail("give either 'band' or 'bands', not both");
    if (!band_node && !bands_node)
        item.fail("a group needs 'band' (one age band) or 'bands' (a split)");
    if (rest_node) {
        if (rest_node->yaml().Scalar() != "true" && rest_node->yaml().Scalar() != "false")
            rest_node->fail("expected true or false");
        g.rest_of_band = rest_node->yaml().Scalar() == "true";
    }
    if (g.rest_of_band) {
        if (!band_node) rest_node->fail("rest_of_band needs a single 'band'");
        if (size_node)
            size_node->fail("a rest_of_band group takes its size from the band; remove 'size'");
        g.bands.push_back({band_node->as_string(), 0});
        band_node->note_as(bands_path + "." + g.bands.back().band);
    } else if (band_node) {
        if (!size_node) item.fail("missing required key 'size' in a priority group");
        const std::int64_t size = size_node->as_count();
        g.bands.push_back({band_node->as_string(), size});
        band_node->note_as(bands_path + "." + g.bands.back().band);
    } else {
        MapReader split(*bands_node, "a split of the group across age bands");
        for (auto it = bands_node->yaml().begin(); it != bands_node->yaml().end(); ++it) {
            const InputNode key = bands_node->at(it->first, bands_node->path());
            const std::string band = key.as_string();
            g.bands.push_back({band, split.required(band).as_count()});
            // An unknown band is the key's mistake, not its count's.
            key.note_as(bands_path + "." + band);
        }
        split.finish();
        if (size_node) g.size = size_node->as_count();
    }

    if (auto products = r.optional("products")) {
        std::vector<std::string> ids;
        for (const InputNode& p : products->items()) ids.push_back(p.as_string());
        g.products = ids;
    }
    if (auto plan = r.optional("plan")) {
        MapReader pr(*plan, "a group's quarterly plan");
        QuarterPlanSpec qp;
        qp.quarter = pr.required("quarter").as_string();
        if (auto count = pr.optional("count")) qp.count = count->as_count();
        pr.finish();
        g.plan = qp;
    }
    r.finish();
    return g;
}

} // namespace

PopulationSpec read_population(const InputNode& population, const InputNode& groups) {
    PopulationSpec spec;
    MapReader pop(population, "population");
    spec.tiers = pop.required("tiers").as_string_list();
    for (const InputNode& item : pop.required("bands").items()) {
        MapReader r(item, "an age band");
        BandSpec band;
        band.id = r.required("id").as_string();
        band.min_age = r.required("min_age").as_count();
        if (auto max_age = r.optional("max_age")) band.max_age = max_age->as_count();
        band.count = r.required("count").as_count();
        r.finish();
        spec.bands.push_back(band);
    }
    if (auto list = pop.optional("outside_bands"))
        for (const InputNode& item : list->items()) {
            MapReader r(item, "people outside the age bands");
            OutsideBandSpec o;
            o.id = r.required("id").as_string();
            o.band = r.required("band").as_string();
            o.count = r.required("count").as_count();
            r.finish();
            spec.outside_bands.push_back(o);
        }
    pop.finish();
    for (const InputNode& item : groups.items()) spec.groups.push_back(read_group(item));
    return spec;
}

} // namespace vaxsim
