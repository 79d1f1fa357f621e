// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Evaluation of a filter tree over a PredicateSource, as bitmap operations only: and is
// intersection, or is union, not is Universe() minus. Internal to src/audience/: outside this
// layer members come from AudienceMembers() (include/daylight/audience_filter.h), which always
// intersects with a purpose's eligibility.
#ifndef DAYLIGHT_AUDIENCE_FILTER_EVALUATOR_H_
#define DAYLIGHT_AUDIENCE_FILTER_EVALUATOR_H_

#include <cstdint>

#include "daylight/audience_filter.h"
#include "daylight/status.h"

namespace dl::audience {

// `now` in the filter is now_us (micros since the Unix epoch); `now - 90d` is
// now_us - 90 * 86400e6, passed to the source as a kTimestamp.
//
// Cost: one source call per distinct leaf (identical leaves, by canonical text, share one
// result). An `and` stops as soon as its running intersection is empty and an `or` as soon as
// its running union is the universe, so later children may not be evaluated at all — an unknown
// field there is then not reported. Negated children of an `and` (`not x`, `x not in (...)`)
// are subtracted from the intersection of the others rather than complemented first.
StatusOr<SubjectSet> Evaluate(const FilterAst& ast, PredicateSource& source, int64_t now_us);

// The absolute time `now [+|-] duration` stands for; InvalidArgument on overflow.
StatusOr<int64_t> ResolveNow(const FilterValue& v, int64_t now_us);

}  // namespace dl::audience

#endif  // DAYLIGHT_AUDIENCE_FILTER_EVALUATOR_H_
