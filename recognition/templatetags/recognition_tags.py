"""{% load recognition_tags %}{{ kind|title_name:year }}: a title's name as the law of that year has it."""

from django import template

from recognition.titles import title_name as _title_name

register = template.Library()


@register.filter
def title_name(kind, year=None):
    return _title_name(kind, year)
