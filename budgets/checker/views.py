"""The rules page: every rule of the checker, as a reviewer looks them up."""

from django.shortcuts import render

from budgets.web.pages import base_context

from . import rules


def rule_list(request):
    return render(request, "checker/rules.html", base_context(request, rules=rules.described()))
