// Shared by the grammar tests: one text that uses every construct of the
// language brief and every kind of token.

/** Every construct of the language brief, in one text (`@{` stands for `${`, which a template literal would read). */
export const kitchenSink = String.raw`# Integrations
webhook ci     = "github-dispatch"     # GenericWebhookIntegration.name
slack   alerts = "#ml-alerts"          // SlackIntegration.channelName
webhook pager  = "ops-team/pagerduty"
webhook info   = "named-like-a-severity"
webhook aria   = "named-like-an-action"  # a name here; after the arrow, an action

in project "acme/vision"

on run metric "loss" > 0.5 -> nothing
on run metric "loss" >= 3 -> nothing
on run metric "val/acc" avg over 5 < 0.8 -> slack alerts
on run metric "throughput" mean over 10 <= 120.0 -> nothing
on run metric "gpu.temp" max over 3 > 85 -> slack alerts severity info
on run metric "grad.norm" min over 20 < -0.25 -> nothing
on run metric "loss" == 1 -> nothing
on run metric "loss" != 1 -> nothing
on run metric "loss" changes by 10% within 5 -> webhook ci
on run metric "accuracy" increases by 0.5 -> webhook info
on run metric "loss" decreases by 2% within 5 vs 10 -> nothing
on run metric "val_acc" max changes by 1.1% within 3 -> nothing
on run metric "lr" changes by 1e-7 within 1 -> nothing
on run metric "loss" zscore over 30 > 3 -> nothing
on run metric "accuracy" zscore over 10 < -3->nothing
on run metric "loss" abs zscore over 20 >= 2.0 -> nothing
on run state finished -> nothing
on run state failed, crashed -> slack alerts severity error
on run state running
  where run.name matches r"^exp-\d+$" -> nothing
on run state failed -> aria "Explain why @{run_name} failed in @{project_name}"
on run metric "nan.count" > 0 -> # a comment may stand before the action
  aria "Look into \"@{metric_name}\" on @{run_name}"
on run metric "oom.count" > 0 -> webhook aria

automation "accuracy-floor" description "Page when \"val/acc\" sags\n" disabled
on run metric "val/acc" avg over 5 < 0.8
  where run.name matches "^prod-" and not run.name contains "debug"
    and (run.name == "a" or run.name != "b") and run.name in ["x", "y"]
    and run.name not in ["z"] and run.name exists and not run.name not exists
    and run.name < "m" and run.name <= "n" and run.name > "0" and run.name >= "1"
  -> slack alerts title "Accuracy dropped" message "val/acc fell under 0.8" severity warn

on artifact created in collection "acme/vision/resnet-weights" -> webhook ci
on artifact linked in registry "acme-org/model" where alias matches "prod-.*" -> nothing
on artifact unlinked in registry "acme-org/model" -> nothing
on alias "staging" added in collection "acme/vision/resnet-weights"
  -> webhook ci { "event_type": "@{event_type}", "version": "@{artifact_version_string}" }
on alias added in team "acme" where alias in ["prod", "staging"] -> webhook pager
on tag "candidate" added in org "acme-org" -> nothing
on tag removed in collection "acme/vision/resnet-weights" where tag == "deprecated" -> nothing
on collection tag "gold" added in project "acme/vision" -> nothing
on collection tag removed in team "acme" -> nothing
on artifact linked in collection "acme/vision/w"
  -> webhook ci {
    "event": "@{event_type}",  # comments may sit between payload tokens
    "url": "https://example.com/#anchor",
    "10": 1.50, "big": 1E2, "flags": [true, false, null], "count": -3,
    "nested": { "escaped": "tab\there \u00e9 \d", "secret": "@{ACCESS_TOKEN}" }
  }
`.replaceAll('@{', '${');
