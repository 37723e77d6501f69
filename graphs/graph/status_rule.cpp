#include "graphs/graph/status_rule.h"

namespace pg {

const Evidence* field_evidence(const Document& d, std::string_view field) {
  for (const auto& fe : d.field_evidence) {
    if (fe.field == field) return &fe.evidence;
  }
  return nullptr;
}

std::optional<Date> issued_date(const Document& d) {
  return d.signed_date ? d.signed_date : d.printed_date;
}

std::optional<Date> effective_day(const Document& d) {
  // On issue, or unstated: in force from the day it was issued.
  return d.effective.kind == Effective::Kind::kDate ? std::optional<Date>(d.effective.date)
                                                    : issued_date(d);
}

EffectiveAt effective_at(const Document& d, const std::string& source) {
  EffectiveAt out;
  out.date = effective_day(d);
  const Evidence* ev = field_evidence(d, "effective");
  if (d.effective.kind == Effective::Kind::kUnstated) {
    if (const Evidence* issued = field_evidence(d, d.signed_date ? "signed" : "printed")) {
      ev = issued;
    }
  }
  out.evidence = ev ? *ev : Evidence{source, d.line_start, d.title, header_page(d)};
  return out;
}

StatusDecision decide_status(const Node& n, std::span<const StatusEvent> events, Date as_of) {
  StatusDecision out;
  Status& st = out.status;

  // The earliest repeal in force by as_of, and the latest amendment.
  std::size_t repeal = StatusDecision::kNoEvent;
  std::optional<Date> repeal_from;
  std::size_t amend = StatusDecision::kNoEvent;
  std::optional<Date> amend_from;
  std::size_t partial = StatusDecision::kNoEvent;
  std::optional<Date> partial_from;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::optional<Date>& from = events[i].counts_from;
    if (!from || *from > as_of) continue;
    if (events[i].partial) {
      if (!partial_from || *from < *partial_from) {
        partial = i;
        partial_from = from;
      }
    } else if (events[i].repeal) {
      if (!repeal_from || *from < *repeal_from) {
        repeal = i;
        repeal_from = from;
      }
    } else if (!amend_from || *from > *amend_from) {
      amend = i;
      amend_from = from;
    }
  }

  std::optional<Date> expired_from;
  if (n.document && n.document->expires) {
    Date day_after = n.document->expires->plus_days(1);
    if (day_after <= as_of) expired_from = day_after;
  }

  if (n.document) {
    // Its evidence (strings copied) only for the one kind that quotes it:
    // a list decides 10^5 statuses.
    const std::optional<Date> effective = effective_day(*n.document);
    // A text that was amended before it took effect (a law revised in 2019,
    // 本法自2020年1月1日起施行) is the current version of an instrument that
    // was in force since its adoption: before that day the older text applied.
    bool older_text_applies = false;
    if (effective && as_of < *effective && n.document->signed_date &&
        *n.document->signed_date <= as_of) {
      for (const StatusEvent& e : events) {
        if (!e.repeal && e.date && *e.date <= *effective) {
          older_text_applies = true;
          break;
        }
      }
    }
    if (effective && as_of < *effective && !older_text_applies) {
      st.kind = StatusKind::kNotYetEffective;
      st.evidence = {n.id, effective_at(*n.document, n.source).evidence};
      st.detail = "尚未生效: effective from " + effective->to_iso();
      return out;
    }
  }
  if (repeal != StatusDecision::kNoEvent && (!expired_from || *repeal_from <= *expired_from)) {
    st.kind = StatusKind::kRepealed;
    st.since = repeal_from;
    out.event = repeal;
    return out;
  }
  if (expired_from) {
    const Document& d = *n.document;
    Evidence ev{n.source, d.line_start,
                d.expires_text ? *d.expires_text : "expires " + d.expires->to_iso(),
                header_page(d)};
    if (const Evidence* fe = field_evidence(d, "expires")) ev = *fe;
    st.kind = StatusKind::kExpired;
    st.since = expired_from;
    st.evidence = {n.id, ev};
    st.detail =
        "失效 from " + expired_from->to_iso() + " (有效期 ended " + d.expires->to_iso() + ")";
    return out;
  }
  if (!n.document) {
    st.kind = StatusKind::kUnknown;
    return out;
  }
  // A part repealed stays repealed; the rest is in force (and may have been
  // amended since): 部分失效 says more than 已被修改.
  if (partial != StatusDecision::kNoEvent) {
    st.kind = StatusKind::kPartlyRepealed;
    st.since = partial_from;
    out.event = partial;
    return out;
  }
  if (amend != StatusDecision::kNoEvent) {
    st.kind = StatusKind::kAmended;
    st.since = amend_from;
    out.event = amend;
    return out;
  }
  EffectiveAt eff = effective_at(*n.document, n.source);
  st.kind = StatusKind::kInForce;
  st.since = eff.date;
  st.evidence = {n.id, eff.evidence};
  st.detail = "现行有效";
  if (eff.date) st.detail += " since " + eff.date->to_iso();
  if (n.document->effective.kind == Effective::Kind::kUnstated) {
    st.detail += " (no 施行 clause: taken from its issue date)";
  }
  return out;
}

void name_status_event(Status& st, const std::string& by, const Evidence& evidence,
                       const std::optional<std::string>& scope) {
  st.by = by;
  st.evidence = {by, evidence};
  const char* verb = st.kind == StatusKind::kRepealed         ? "已废止 by "
                     : st.kind == StatusKind::kPartlyRepealed ? "部分失效 by "
                                                              : "已被修改 by ";
  st.detail = verb + by + " from " + st.since->to_iso();
  if (st.kind == StatusKind::kPartlyRepealed && scope) st.detail += " (" + *scope + ")";
}

}  // namespace pg
