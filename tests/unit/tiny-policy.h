/* tiny-policy.h: a two-stage policy written out by hand, for the unit programs that drive
 * the runtime without the compiler (allocation failure, streamed logs). */
#include "redress.h"

static rt_tri always(const rt_case *c, const void *ctx)
{
    (void)c, (void)ctx;
    return RT_FALSE;
}

static const rt_fact_desc facts[] = {{"anonymous", RT_T_BOOL, NULL, 0, -1}};
static const rt_refusal_desc refusals[] = {{"never", "never", "1", NULL, "no", always, NULL}};
static const rt_duty_desc duties[] = {
    {.kind = RT_DUTY_ACKNOWLEDGE, .n = 2, .unit = RT_WORKING_DAYS, .anchor = RT_ANCHOR_RECEIPT,
     .cite = "1", .ext_max = -1},
    {.kind = RT_DUTY_RESPOND, .n = 10, .unit = RT_WORKING_DAYS, .anchor = RT_ANCHOR_ACK,
     .cite = "2", .ext_max = 10, .ext_cite = "2"}};
static const rt_stage_desc stages[] = {
    {.id = "stage1", .title = "Stage 1", .on_receipt = true, .receipt_cite = "1",
     .duties = duties, .n_duties = 2},
    {.id = "stage2", .title = "Stage 2", .on_request = true, .window_n = 10,
     .window_unit = RT_DAYS, .request_cite = "3", .duties = duties, .n_duties = 2}};
static const rt_policy tiny_policy = {
    .id = "tiny", .organisation = "Test", .document = "", .doc_version = "", .issued = "",
    .revised = "", .source_file = "tiny.policy", .source_hash = "0",
    .facts = facts, .n_facts = 1, .refusals = refusals, .n_refusals = 1,
    .stages = stages, .n_stages = 2};

