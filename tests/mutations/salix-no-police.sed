# A removed refusal that carries no figure: only diff can see it.
/^refuse police when police_investigation$/,/^    §10$/d
/^scenario "§10: a police investigation is involved":$/,/^end$/d
