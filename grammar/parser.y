/* parser.y: the policy language's grammar. A pure parser with locations; every action is
 * one call into compiler/ast.c, and `error` rules let one run report several mistakes. */
%define api.pure full
%locations
%define parse.error custom
%expect 0
%param {void *scanner}
%parse-param {ast_policy *P}

%code requires {
#include "compiler/ast.h"
}

%code provides {
struct lex_extra;
int yylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);
void yyerror(YYLTYPE *loc, void *scanner, ast_policy *P, const char *msg);
ast_loc loc_of(YYLTYPE l);
void front_syntax_error(void *scanner, ast_policy *P, ast_loc loc, const char *unexpected,
                        bool is_name, const char *const *expected, int n_expected);
}

%code {
#define L(x) loc_of(x)
}

%union {
    const char *text;
    int64_t integer;
    int32_t date;
    ast_expr *expr;
    ast_cite *cite;
    ast_name *name;
    ast_field *field;
    ast_unit unit;
    ast_type_kind type;
    ast_duty_kind duty;
    ast_anchor anchor;
    ast_cmp cmp;
    ast_types types;
}

%token <text> IDENT "name" STRING "string" DOTTED "paragraph number"
%token <integer> NUMBER "number" MONEY "amount of money"
%token <date> DATE "date"
%token SECTION "'§'"
%token YESNO "'yes/no'" LE "'<='" GE "'>='" NE "'!='"
%token POLICY "'policy'" ORGANISATION "'organisation'" DOCUMENT "'document'" VERSION "'version'"
%token ISSUED "'issued'" REVISED "'revised'" CALENDAR "'calendar'" CLOSED "'closed'" HOMES "'homes'"
%token FACT "'fact'" IS "'is'" OTHERWISE "'otherwise'" ONE "'one'" OF "'of'" OR "'or'" AND "'and'"
%token NOT "'not'" COMPLAINT "'complaint'" REFUSE "'refuse'" WHEN "'when'" UNLESS "'unless'"
%token BECAUSE "'because'" TIME "'time'" LIMIT "'limit'" AFTER "'after'" STAGE "'stage'" END "'end'"
%token HANDLED "'handled'" BY "'by'" ENTERED "'entered'" ON "'on'" RECEIPT "'receipt'"
%token REQUEST "'request'" WITHIN "'within'" RESPONSE "'response'" ACKNOWLEDGE "'acknowledge'"
%token RESPOND "'respond'" RESOLVE "'resolve'" ACKNOWLEDGEMENT "'acknowledgement'"
%token ESCALATION "'escalation'" OMBUDSMAN "'ombudsman'" FROM "'from'" OUTCOMES "'outcomes'"
%token ASSUME "'assume'" ASSUMING "'assuming'" SCENARIO "'scenario'" WITH "'with'" AS "'as'"
%token EXPECT "'expect'" STATUS "'status'" REFUSAL "'refusal'" WINDOW "'window'" OPENS "'opens'"
%token CLOSES "'closes'" NOTE "'note'" DUE "'due'" MORE "'more'" THAN "'than'" WORKING "'working'"
%token DAY "'day'" DAYS "'days'" WEEK "'week'" WEEKS "'weeks'" MONTH "'month'" MONTHS "'months'"
%token YES "'yes'" NO "'no'" KNOWN "'known'" UNKNOWN "'unknown'" KW_DATE "'date'"
%token KW_NUMBER "'number'" KW_MONEY "'money'" KW_TEXT "'text'"
%token AUTOMATICALLY "'automatically'" TARGET "'target'" PASSES "'passes'"
%token EXTENSION "'extension'" AT "'at'" MOST "'most'" IF "'if'" AGREED "'agreed'"
%token INCLUDES "'includes'" REASONS "'reasons'" REDIRECT "'redirect'" TO "'to'"
%token AWARD "'award'" COMPENSATION "'compensation'" OFFSET "'offset'" AGAINST "'against'"
%token ALWAYS "'always'" WHERE "'where'" APPROVAL "'approval'" BELOW "'below'" UP "'up'"
%token TOTAL "'total'" PAYABLE "'payable'" ADVISE "'advise'" FIGURE "'figure'" ENCODED "'encoded'"
%token EXTERN "'extern'" RETURNS "'returns'" MEASURE "'measure'"
%token RESTRICTION "'restriction'" REVIEWED "'reviewed'" TELL "'tell'" BEYOND "'beyond'"

%type <text> citeval assumption_opt
%type <cite> cites cites_opt cite
%type <name> names name listed
%type <expr> expr cmp operand
%type <unit> unit
%type <type> type
%type <duty> duty
%type <anchor> anchor
%type <cmp> cmpop
%type <field> fields_opt fields field
%type <name> fieldkey word
%type <expr> when_opt args
%type <types> types
%type <integer> cap_opt reasons_opt

%left OR
%left AND
%precedence NOT

%%

policy_file
    : items
    ;

items
    : %empty
    | items item
    | items error
    ;

item
    : POLICY IDENT                      { ast_set_header(P, &P->id, $2, L(@2)); }
    | ORGANISATION STRING               { ast_set_header(P, &P->organisation, $2, L(@2)); }
    | DOCUMENT STRING                   { ast_set_header(P, &P->document, $2, L(@2)); }
    | VERSION STRING                    { ast_set_header(P, &P->version, $2, L(@2)); }
    | ISSUED STRING                     { ast_set_header(P, &P->issued, $2, L(@2)); }
    | REVISED STRING                    { ast_set_header(P, &P->revised, $2, L(@2)); }
    | CALENDAR IDENT                    { ast_set_header(P, &P->calendar, $2, L(@2)); }
    | HOMES NUMBER                      { ast_set_homes(P, $2, L(@2)); }
    | CLOSED ON DATE STRING             { ast_add_closure(P, $3, $4, L(@3)); }
    | FACT IDENT IS type                { ast_add_fact(P, $2, L(@2), $4, NULL, NULL); }
    | FACT IDENT IS ONE OF names        { ast_add_fact(P, $2, L(@2), TY_ENUM, $6, NULL); }
    | FACT IDENT IS type ',' OTHERWISE name
                                        { ast_add_fact(P, $2, L(@2), $4, NULL, $7); }
    | NOT COMPLAINT ':' names cites_opt assumption_opt
                                        { ast_add_noncomplaint(P, $4, L(@1), $5, $6); }
    | REFUSE IDENT WHEN expr BECAUSE STRING cites_opt assumption_opt
                                        { ast_add_refusal(P, $2, L(@2), $4, NULL, $6, $7, $8); }
    | REFUSE IDENT WHEN expr UNLESS expr BECAUSE STRING cites_opt assumption_opt
                                        { ast_add_refusal(P, $2, L(@2), $4, $6, $8, $9, $10); }
    | TIME LIMIT NUMBER unit AFTER name BECAUSE STRING cites_opt assumption_opt
                                        { ast_add_time_limit(P, L(@1), $3, $4, $6, NULL, $8, $9, $10); }
    | TIME LIMIT NUMBER unit AFTER name UNLESS expr BECAUSE STRING cites_opt assumption_opt
                                        { ast_add_time_limit(P, L(@1), $3, $4, $6, $8, $10, $11, $12); }
    | stage_head stage_items END
    | OMBUDSMAN FROM NUMBER unit AFTER name RESPONSE cites_opt assumption_opt
                                        { ast_set_ombudsman(P, L(@1), $3, $4, $6, $8, $9); }
    | OMBUDSMAN FROM name RESPONSE cites_opt assumption_opt
                                        { ast_set_ombudsman(P, L(@1), 0, UNIT_DAYS, $3, $5, $6); }
    | OUTCOMES ':' names cites_opt      { ast_set_outcomes(P, $3, L(@1), $4); }
    | ADVISE STRING WHEN expr cites_opt { ast_add_advice(P, $2, L(@2), $4, $5); }
    | EXTERN IDENT '(' ')' RETURNS type FROM STRING cites_opt assumption_opt
                                        { ast_add_extern(P, $2, L(@2), (ast_types){0}, $6, $8, $9, $10); }
    | EXTERN IDENT '(' types ')' RETURNS type FROM STRING cites_opt assumption_opt
                                        { ast_add_extern(P, $2, L(@2), $4, $7, $9, $10, $11); }
    | MEASURE STRING IS name cites_opt  { ast_add_measure(P, $2, L(@2), $4, NULL, false, $5); }
    | MEASURE STRING IS COMPENSATION cites_opt
                                        { ast_add_measure(P, $2, L(@2), ast_name_new(P, "compensation", L(@4)), NULL, false, $5); }
    | MEASURE STRING IS name AT name cites_opt
                                        { ast_add_measure(P, $2, L(@2), $4, $6, false, $7); }
    | MEASURE STRING IS name TO name cites_opt
                                        { ast_add_measure(P, $2, L(@2), $4, $6, false, $7); }
    | MEASURE STRING IS name ON TIME AT name cites_opt
                                        { ast_add_measure(P, $2, L(@2), $4, $8, true, $9); }
    | CLOSED WHEN name cites_opt assumption_opt
                                        { ast_set_closed_by(P, L(@1), $3, $4, $5); }
    | FIGURE STRING cites_opt IS NOT ENCODED BECAUSE STRING
                                        { ast_add_waiver(P, $2, L(@2), $3, $8); }
    | REDIRECT IDENT WHEN expr TO STRING cites_opt assumption_opt
                                        { ast_add_redirect(P, $2, L(@2), $4, $6, $7, $8); }
    | AWARD IDENT MONEY when_opt cites_opt assumption_opt
                                        { ast_add_award(P, $2, L(@2), AWARD_FIXED, $3, NULL, NULL, NULL, -1, $4, $5, $6); }
    | AWARD IDENT OF name when_opt cites_opt assumption_opt
                                        { ast_add_award(P, $2, L(@2), AWARD_FIXED, 0, $4, NULL, NULL, -1, $5, $6, $7); }
    | AWARD IDENT MONEY DAY FROM name TO name cap_opt when_opt cites_opt assumption_opt
                                        { ast_add_award(P, $2, L(@2), AWARD_DAILY, $3, NULL, $6, $8, $9, $10, $11, $12); }
    | NO COMPENSATION WHEN expr cites_opt assumption_opt
                                        { ast_add_bar(P, L(@2), $4, $5, $6); }
    | OFFSET AGAINST name ALWAYS cites_opt assumption_opt
                                        { ast_set_offset(P, L(@1), $3, NULL, $5, $6); }
    | OFFSET AGAINST name WHERE expr cites_opt assumption_opt
                                        { ast_set_offset(P, L(@1), $3, $5, $6, $7); }
    | RESTRICTION FROM name cites_opt assumption_opt
                                        { ast_set_restriction(P, L(@1), $3, NULL, -1, UNIT_DAYS, $4, $5); }
    | RESTRICTION FROM name ',' REVIEWED BY name cites_opt assumption_opt
                                        { ast_set_restriction(P, L(@1), $3, $7, -1, UNIT_DAYS, $8, $9); }
    | RESTRICTION FROM name ',' REVIEWED WITHIN NUMBER unit cites_opt assumption_opt
                                        { ast_set_restriction(P, L(@1), $3, NULL, $7, $8, $9, $10); }
    | APPROVAL BELOW MONEY BY STRING cites_opt
                                        { ast_add_band(P, L(@1), 0, $3, $5, $6); }
    | APPROVAL FROM MONEY BY STRING cites_opt
                                        { ast_add_band(P, L(@1), $3, -1, $5, $6); }
    | APPROVAL FROM MONEY BELOW MONEY BY STRING cites_opt
                                        { ast_add_band(P, L(@1), $3, $5, $7, $8); }
    | ASSUME STRING cites_opt           { ast_add_assumption(P, $2, L(@2), $3); }
    | scenario_head scenario_items END
    ;

type
    : YESNO                             { $$ = TY_BOOL; }
    | YES OR NO                         { $$ = TY_BOOL; }
    | KW_DATE                           { $$ = TY_DATE; }
    | KW_NUMBER                         { $$ = TY_INT; }
    | KW_MONEY                          { $$ = TY_MONEY; }
    | KW_TEXT                           { $$ = TY_TEXT; }
    ;

types
    : type                              { $$ = ast_types_one($1); }
    | types ',' type                    { $$ = ast_types_add($1, $3, L(@3), P); }
    ;

args
    : operand                           { $$ = $1; }
    | args ',' operand                  { $$ = ast_arg_append($1, $3); }
    ;

names
    : listed                            { $$ = $1; }
    | names ',' listed                  { $$ = ast_name_append($1, $3); }
    ;

/* In a list, words the language also uses as keywords are plain names. */
listed
    : name                              { $$ = $1; }
    | STAGE                             { $$ = ast_name_new(P, "stage", L(@1)); }
    | REASONS                           { $$ = ast_name_new(P, "reasons", L(@1)); }
    | OMBUDSMAN                         { $$ = ast_name_new(P, "ombudsman", L(@1)); }
    | ESCALATION                        { $$ = ast_name_new(P, "escalation", L(@1)); }
    | RESPONSE                          { $$ = ast_name_new(P, "response", L(@1)); }
    | OUTCOMES                          { $$ = ast_name_new(P, "outcomes", L(@1)); }
    | COMPENSATION                      { $$ = ast_name_new(P, "compensation", L(@1)); }
    ;

name
    : IDENT                             { $$ = ast_name_new(P, $1, L(@1)); }
    ;

cites_opt
    : %empty                            { $$ = NULL; }
    | cites                             { $$ = $1; }
    ;

cites
    : cite                              { $$ = $1; }
    | cites cite                        { $$ = ast_cite_append($1, $2); }
    ;

cite
    : SECTION citeval                   { $$ = ast_cite_new(P, $2, L(@2)); }
    ;

citeval
    : NUMBER                            { $$ = arena_printf(P->arena, "%lld", (long long)$1); }
    | DOTTED                            { $$ = $1; }
    | STRING                            { $$ = $1; }
    ;

assumption_opt
    : %empty                            { $$ = NULL; }
    | ASSUMING STRING                   { $$ = $2; }
    ;

when_opt
    : %empty                            { $$ = NULL; }
    | WHEN expr                         { $$ = $2; }
    ;

cap_opt
    : %empty                            { $$ = -1; }
    | UP TO MONEY                       { $$ = $3; }
    ;

reasons_opt
    : %empty                            { $$ = 0; }
    | WITH REASONS                      { $$ = 1; }
    ;

unit
    : WORKING DAYS                      { $$ = UNIT_WORKING_DAYS; }
    | WORKING DAY                       { $$ = UNIT_WORKING_DAYS; }
    | DAYS                              { $$ = UNIT_DAYS; }
    | DAY                               { $$ = UNIT_DAYS; }
    | WEEKS                             { $$ = UNIT_WEEKS; }
    | WEEK                              { $$ = UNIT_WEEKS; }
    | MONTHS                            { $$ = UNIT_MONTHS; }
    | MONTH                             { $$ = UNIT_MONTHS; }
    ;

expr
    : expr OR expr                      { $$ = ast_binary(P, EX_OR, $1, $3, L(@2)); }
    | expr AND expr                     { $$ = ast_binary(P, EX_AND, $1, $3, L(@2)); }
    | NOT expr                          { $$ = ast_binary(P, EX_NOT, $2, NULL, L(@1)); }
    | '(' expr ')'                      { $$ = $2; }
    | cmp                               { $$ = $1; }
    ;

cmp
    : operand                           { $$ = $1; }
    | operand IS operand                { $$ = ast_binary(P, EX_IS, $1, $3, L(@2)); }
    | operand IS NOT operand            { $$ = ast_binary(P, EX_ISNOT, $1, $4, L(@2)); }
    | operand IS KNOWN                  { $$ = ast_binary(P, EX_KNOWN, $1, NULL, L(@2)); }
    | operand IS UNKNOWN                { $$ = ast_binary(P, EX_UNKNOWN, $1, NULL, L(@2)); }
    | operand IS MORE THAN NUMBER unit AFTER operand
                                        { $$ = ast_period(P, EX_MORE_AFTER, $1, $5, $6, $8, L(@2)); }
    | operand IS WITHIN NUMBER unit OF operand
                                        { $$ = ast_period(P, EX_WITHIN, $1, $4, $5, $7, L(@2)); }
    | operand IS ONE OF names           { $$ = ast_one_of(P, $1, $5, L(@2)); }
    | operand cmpop operand             { $$ = ast_compare(P, $2, $1, $3, L(@2)); }
    ;

cmpop
    : '='                               { $$ = CMP_EQ; }
    | NE                                { $$ = CMP_NE; }
    | '<'                               { $$ = CMP_LT; }
    | LE                                { $$ = CMP_LE; }
    | '>'                               { $$ = CMP_GT; }
    | GE                                { $$ = CMP_GE; }
    ;

operand
    : IDENT                             { $$ = ast_leaf(P, EX_NAME, L(@1), 0, $1); }
    | IDENT '(' ')'                     { $$ = ast_call(P, $1, L(@1), NULL); }
    | IDENT '(' args ')'                { $$ = ast_call(P, $1, L(@1), $3); }
    | RECEIPT                           { $$ = ast_leaf(P, EX_RECEIPT, L(@1), 0, NULL); }
    | NUMBER                            { $$ = ast_leaf(P, EX_INT, L(@1), $1, NULL); }
    | MONEY                             { $$ = ast_leaf(P, EX_MONEY, L(@1), $1, NULL); }
    | DATE                              { $$ = ast_leaf(P, EX_DATE, L(@1), $1, NULL); }
    | STRING                            { $$ = ast_leaf(P, EX_TEXT, L(@1), 0, $1); }
    | YES                               { $$ = ast_leaf(P, EX_BOOL, L(@1), 1, NULL); }
    | NO                                { $$ = ast_leaf(P, EX_BOOL, L(@1), 0, NULL); }
    ;

stage_head
    : STAGE IDENT STRING ':'            { ast_begin_stage(P, $2, L(@2), $3); }
    ;

stage_items
    : %empty
    | stage_items stage_item
    | stage_items error
    ;

stage_item
    : HANDLED BY STRING cites_opt       { ast_stage_handler(P, $3, $4); }
    | ENTERED ON RECEIPT cites_opt assumption_opt
                                        { ast_stage_on_receipt(P, L(@1), $4, $5); }
    | ENTERED ON REQUEST reasons_opt cites_opt assumption_opt
                                        { ast_stage_on_request(P, L(@1), $4, 0, UNIT_DAYS, NULL, $5, $6); }
    | ENTERED ON REQUEST reasons_opt WITHIN NUMBER unit OF name RESPONSE cites_opt assumption_opt
                                        { ast_stage_on_request(P, L(@1), $4, $6, $7, $9, $11, $12); }
    | ENTERED AUTOMATICALLY WHEN name TARGET PASSES cites_opt assumption_opt
                                        { ast_stage_automatic(P, L(@1), $4, $7, $8); }
    | ON EXTENSION TELL STRING cites_opt assumption_opt
                                        { ast_stage_tell(P, L(@1), false, $4, $5, $6); }
    | BEYOND EXTENSION TELL STRING cites_opt assumption_opt
                                        { ast_stage_tell(P, L(@1), true, $4, $5, $6); }
    | EXTENSION AT MOST NUMBER unit cites_opt assumption_opt
                                        { ast_stage_extension(P, L(@1), $4, $5, false, $6, $7); }
    | EXTENSION AT MOST NUMBER unit ',' MORE IF AGREED cites_opt assumption_opt
                                        { ast_stage_extension(P, L(@1), $4, $5, true, $10, $11); }
    | CLOSES AUTOMATICALLY NUMBER unit AFTER RESPONSE cites_opt assumption_opt
                                        { ast_stage_auto_close(P, L(@1), $3, $4, $7, $8); }
    | RESPONSE INCLUDES ':' names cites_opt
                                        { ast_stage_includes(P, L(@1), $4, $5); }
    | duty WITHIN NUMBER unit OF anchor cites_opt assumption_opt
                                        { ast_stage_duty(P, $1, L(@1), $3, $4, $6, L(@6), $7, $8); }
    ;

duty
    : ACKNOWLEDGE                       { $$ = DUTY_ACKNOWLEDGE; }
    | RESPOND                           { $$ = DUTY_RESPOND; }
    | RESOLVE                           { $$ = DUTY_RESOLVE; }
    ;

anchor
    : RECEIPT                           { $$ = ANCHOR_RECEIPT; }
    | REQUEST                           { $$ = ANCHOR_REQUEST; }
    | ESCALATION REQUEST                { $$ = ANCHOR_REQUEST; }
    | ACKNOWLEDGEMENT                   { $$ = ANCHOR_ACK; }
    ;

scenario_head
    : SCENARIO STRING ':'               { ast_begin_scenario(P, $2, L(@2)); }
    ;

scenario_items
    : %empty
    | scenario_items scenario_item
    | scenario_items error
    ;

scenario_item
    : DATE name fields_opt              { ast_scenario_event(P, $1, L(@1), $2, $3); }
    | AS OF DATE                        { ast_scenario_as_of(P, $3, L(@3)); }
    | EXPECT STATUS word                { ast_scenario_expect(P, XP_STATUS, L(@2), $3, 0, NULL, 0, NULL); }
    | EXPECT STAGE name                 { ast_scenario_expect(P, XP_STAGE, L(@2), $3, 0, NULL, 0, NULL); }
    | EXPECT REFUSAL name               { ast_scenario_expect(P, XP_REFUSAL, L(@2), $3, 0, NULL, 0, NULL); }
    | EXPECT NO REFUSAL                 { ast_scenario_expect(P, XP_NO_REFUSAL, L(@2), NULL, 0, NULL, 0, NULL); }
    | EXPECT name duty DUE DATE         { ast_scenario_expect(P, XP_DUE, L(@2), $2, $3, NULL, $5, NULL); }
    | EXPECT name duty DUE DATE name    { ast_scenario_expect(P, XP_DUE, L(@2), $2, $3, $6, $5, NULL); }
    | EXPECT name duty name             { ast_scenario_expect(P, XP_DUTY_STATUS, L(@2), $2, $3, $4, 0, NULL); }
    | EXPECT WINDOW word OPENS DATE     { ast_scenario_expect(P, XP_WINDOW_OPENS, L(@3), $3, 0, NULL, $5, NULL); }
    | EXPECT WINDOW word CLOSES DATE    { ast_scenario_expect(P, XP_WINDOW_CLOSES, L(@3), $3, 0, NULL, $5, NULL); }
    | EXPECT NOTE STRING                { ast_scenario_expect(P, XP_NOTE, L(@3), NULL, 0, NULL, 0, $3); }
    | EXPECT AWARD name MONEY           { ast_scenario_money(P, XP_AWARD, L(@3), $3, $4, NULL); }
    | EXPECT TOTAL MONEY                { ast_scenario_money(P, XP_TOTAL, L(@3), NULL, $3, NULL); }
    | EXPECT PAYABLE MONEY              { ast_scenario_money(P, XP_PAYABLE, L(@3), NULL, $3, NULL); }
    | EXPECT APPROVAL BY STRING         { ast_scenario_money(P, XP_APPROVAL, L(@4), NULL, 0, $4); }
    ;

/* Status and window names that are also keywords elsewhere. */
word
    : IDENT                             { $$ = ast_name_new(P, $1, L(@1)); }
    | CLOSED                            { $$ = ast_name_new(P, "closed", L(@1)); }
    | ESCALATION                        { $$ = ast_name_new(P, "escalation", L(@1)); }
    | OMBUDSMAN                         { $$ = ast_name_new(P, "ombudsman", L(@1)); }
    | RESTRICTION                       { $$ = ast_name_new(P, "restriction", L(@1)); }
    ;

fields_opt
    : %empty                            { $$ = NULL; }
    | WITH fields                       { $$ = $2; }
    ;

fields
    : field                             { $$ = $1; }
    | fields ',' field                  { $$ = ast_field_append($1, $3); }
    ;

fieldkey
    : IDENT                             { $$ = ast_name_new(P, $1, L(@1)); }
    | STAGE                             { $$ = ast_name_new(P, "stage", L(@1)); }
    | REASONS                           { $$ = ast_name_new(P, "reasons", L(@1)); }
    | AGREED                            { $$ = ast_name_new(P, "agreed", L(@1)); }
    | INCLUDES                          { $$ = ast_name_new(P, "includes", L(@1)); }
    ;

field
    : fieldkey IDENT                    { $$ = ast_field_new(P, $1, VAL_NAME, L(@2), 0, $2); }
    | fieldkey STRING                   { $$ = ast_field_new(P, $1, VAL_TEXT, L(@2), 0, $2); }
    | fieldkey NUMBER                   { $$ = ast_field_new(P, $1, VAL_INT, L(@2), $2, NULL); }
    | fieldkey MONEY                    { $$ = ast_field_new(P, $1, VAL_MONEY, L(@2), $2, NULL); }
    | fieldkey DATE                     { $$ = ast_field_new(P, $1, VAL_DATE, L(@2), $2, NULL); }
    | fieldkey YES                      { $$ = ast_field_new(P, $1, VAL_BOOL, L(@2), 1, NULL); }
    | fieldkey NO                       { $$ = ast_field_new(P, $1, VAL_BOOL, L(@2), 0, NULL); }
    | fieldkey UNKNOWN                  { $$ = ast_field_new(P, $1, VAL_UNKNOWN, L(@2), 0, NULL); }
    | fieldkey '(' names ')'            { $$ = ast_field_list(P, $1, L(@3), $3); }
    ;

%%

/* Bison's own wording of a syntax error (as parse.error detailed gives it), handed every
 * token it expected, so that a misspelt keyword can be named: front_syntax_error, lex.c. */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, ast_policy *P)
{
    yysymbol_kind_t tokens[YYNTOKENS];
    const char *expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, tokens, YYNTOKENS);
    for (int i = 0; i < n; i++) expected[i] = yysymbol_name(tokens[i]);
    yysymbol_kind_t t = yypcontext_token(ctx);
    front_syntax_error(scanner, P, loc_of(*yypcontext_location(ctx)),
                       t == YYSYMBOL_YYEMPTY ? NULL : yysymbol_name(t), t == YYSYMBOL_IDENT,
                       expected, n < 0 ? 0 : n);
    return 0;
}
