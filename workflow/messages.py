"""Messages of the engine in every supported language (the engine knows no Flask)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "refused": {"zh_Hans": "操作被拒绝。", "zh_Hant": "操作被拒絕。", "en": "Refused."},
    "role_not_allowed": {
        "zh_Hans": "您的角色不能执行“{action}”。",
        "zh_Hant": "您的角色不能執行「{action}」。",
        "en": "Your role may not “{action}”.",
    },
    "author_forbidden": {
        "zh_Hans": "起草人不能对自己的文件执行“{action}”。",
        "zh_Hant": "起草人不能對自己的文件執行「{action}」。",
        "en": "The author may not “{action}” their own document.",
    },
    "invalid_action": {
        "zh_Hans": "当前状态“{state}”下不能执行“{action}”。",
        "zh_Hant": "目前狀態「{state}」下不能執行「{action}」。",
        "en": "“{action}” is not possible in the state “{state}”.",
    },
    "unknown_action": {
        "zh_Hans": "没有名为“{action}”的操作。",
        "zh_Hant": "沒有名為「{action}」的操作。",
        "en": "There is no action called “{action}”.",
    },
    "comment_required": {
        "zh_Hans": "“{action}”需要填写意见。",
        "zh_Hant": "「{action}」需要填寫意見。",
        "en": "“{action}” needs a comment.",
    },
    "field_required": {
        "zh_Hans": "请填写“{field}”。",
        "zh_Hant": "請填寫「{field}」。",
        "en": "Please fill in “{field}”.",
    },
    "field_invalid": {
        "zh_Hans": "“{field}”的值无效：{value}",
        "zh_Hant": "「{field}」的值無效：{value}",
        "en": "“{field}” has an invalid value: {value}",
    },
    "field_unknown": {
        "zh_Hans": "“{action}”不接受字段“{field}”。",
        "zh_Hant": "「{action}」不接受欄位「{field}」。",
        "en": "“{action}” takes no field “{field}”.",
    },
    "stale_version": {
        "zh_Hans": "其他人已先处理了这份文件（当前状态：{state}）。请查看最新内容后再操作。",
        "zh_Hant": "其他人已先處理了這份文件（目前狀態：{state}）。請查看最新內容後再操作。",
        "en": "Someone else acted on this document first (now: {state}). "
              "Please look at the latest version and try again.",
    },
    "not_found": {
        "zh_Hans": "找不到{what}。", "zh_Hant": "找不到{what}。", "en": "{what} not found.",
    },
    "not_author": {
        "zh_Hans": "只有起草人本人可以执行此操作。",
        "zh_Hant": "只有起草人本人可以執行此操作。",
        "en": "Only the author may do this.",
    },
    "not_assigned_handler": {
        "zh_Hans": "只有承办部门（{department}）的办理人可以执行此操作。",
        "zh_Hant": "只有承辦部門（{department}）的辦理人可以執行此操作。",
        "en": "Only a handler of the assigned department ({department}) may do this.",
    },
    "already_cosigned": {
        "zh_Hans": "您已附议过这份提案。",
        "zh_Hant": "您已附議過這份提案。",
        "en": "You have already co-signed this proposal.",
    },
    "need_cosigners": {
        "zh_Hans": "还需 {missing} 位附议人（已有 {have} 位，至少 {need} 位）。",
        "zh_Hant": "還需 {missing} 位附議人（已有 {have} 位，至少 {need} 位）。",
        "en": "{missing} more co-signer(s) needed ({have} of {need}).",
    },
    "session_closed": {
        "zh_Hans": "本届提案征集时间为 {opens} 至 {closes}，现在不能提交。",
        "zh_Hant": "本屆提案徵集時間為 {opens} 至 {closes}，現在不能提交。",
        "en": "Proposals are collected from {opens} to {closes}; it cannot be submitted now.",
    },
    "empty_plan": {
        "zh_Hans": "计划还没有任何工作条目，请先填写内容。",
        "zh_Hant": "計劃還沒有任何工作條目，請先填寫內容。",
        "en": "The plan has no items yet; write its content first.",
    },
    "empty_proposal": {
        "zh_Hans": "请先填写案由和建议。",
        "zh_Hant": "請先填寫案由和建議。",
        "en": "Please write the reason and the suggested measures first.",
    },
    "not_item_owner": {
        "zh_Hans": "只有该事项的负责人或工会主席可以更新进度。",
        "zh_Hant": "只有該事項的負責人或工會主席可以更新進度。",
        "en": "Only the item's owner or the union chair may update its progress.",
    },
    "not_author_or_chair": {
        "zh_Hans": "只有起草人或工会主席可以执行此操作。",
        "zh_Hant": "只有起草人或工會主席可以執行此操作。",
        "en": "Only the author or the union chair may do this.",
    },
    "merge_self": {
        "zh_Hans": "不能并入提案本身。", "zh_Hant": "不能併入提案本身。",
        "en": "A proposal cannot be merged into itself.",
    },
    "merge_target_invalid": {
        "zh_Hans": "并案目标须为同一届次中仍在审查或已立案的提案。",
        "zh_Hant": "併案目標須為同一屆次中仍在審查或已立案的提案。",
        "en": "The merge target must be a proposal of the same session under review or filed.",
    },
    "password_short": {
        "zh_Hans": "密码至少需要 {min} 个字符。", "zh_Hant": "密碼至少需要 {min} 個字元。",
        "en": "The password needs at least {min} characters.",
    },
    "cosign_lapsed": {
        "zh_Hans": "提案“{title}”的内容已修改，您的附议已失效；如仍支持，请重新附议。",
        "zh_Hant": "提案「{title}」的內容已修改，您的附議已失效；如仍支持，請重新附議。",
        "en": "The proposal “{title}” was changed, so your co-signature lapsed; "
              "co-sign again if you still support it.",
    },
    "user_inactive": {
        "zh_Hans": "该账号已停用。", "zh_Hant": "該帳號已停用。", "en": "This account is disabled.",
    },
    "too_long": {
        "zh_Hans": "“{field}”太长（最多 {max} 字）。",
        "zh_Hant": "「{field}」太長（最多 {max} 字）。",
        "en": "“{field}” is too long (at most {max} characters).",
    },
    # Administration (workflow/admin.py).
    "username_invalid": {
        "zh_Hans": "用户名不能为空、不能包含空格，最多 64 个字符。",
        "zh_Hant": "使用者名稱不能為空、不能包含空格，最多 64 個字元。",
        "en": "The username must not be empty or contain spaces (at most 64 characters).",
    },
    "username_taken": {
        "zh_Hans": "用户名“{username}”已被使用，请换一个。",
        "zh_Hant": "使用者名稱「{username}」已被使用，請換一個。",
        "en": "The username “{username}” is already taken; choose another.",
    },
    "role_unknown": {
        "zh_Hans": "没有这个角色：{role}", "zh_Hant": "沒有這個角色：{role}",
        "en": "There is no role called {role}.",
    },
    "roles_required": {
        "zh_Hans": "请至少选择一个角色。", "zh_Hant": "請至少選擇一個角色。",
        "en": "Choose at least one role.",
    },
    "cannot_disable_self": {
        "zh_Hans": "不能停用自己的账号。", "zh_Hant": "不能停用自己的帳號。",
        "en": "You cannot disable your own account.",
    },
    "cannot_drop_own_admin": {
        "zh_Hans": "不能取消自己的系统管理员角色。", "zh_Hant": "不能取消自己的系統管理員角色。",
        "en": "You cannot remove the administrator role from yourself.",
    },
    "department_unknown": {
        "zh_Hans": "所选部门不存在或已停用。", "zh_Hant": "所選部門不存在或已停用。",
        "en": "The chosen department does not exist or is inactive.",
    },
    "name_required": {
        "zh_Hans": "请填写名称。", "zh_Hant": "請填寫名稱。", "en": "Please enter a name.",
    },
    "name_taken": {
        "zh_Hans": "名称“{name}”已存在。", "zh_Hant": "名稱「{name}」已存在。",
        "en": "The name “{name}” already exists.",
    },
    "department_in_use": {
        "zh_Hans": "部门“{name}”仍被 {count} 个用户或提案引用，不能删除；可以改为停用。",
        "zh_Hant": "部門「{name}」仍被 {count} 個使用者或提案引用，不能刪除；可以改為停用。",
        "en": "The department “{name}” is still used by {count} user(s) or proposal(s); "
              "it cannot be deleted, but it can be deactivated.",
    },
    "category_in_use": {
        "zh_Hans": "类别“{name}”仍被 {count} 份提案使用，不能删除。",
        "zh_Hant": "類別「{name}」仍被 {count} 份提案使用，不能刪除。",
        "en": "The category “{name}” is still used by {count} proposal(s); it cannot be deleted.",
    },
    "year_range": {
        "zh_Hans": "年度须在 {min} 至 {max} 之间。", "zh_Hant": "年度須在 {min} 至 {max} 之間。",
        "en": "The year must be between {min} and {max}.",
    },
    "window_order": {
        "zh_Hans": "征集截止日期不能早于开始日期。",
        "zh_Hant": "徵集截止日期不能早於開始日期。",
        "en": "The collection window cannot close before it opens.",
    },
    "threshold_negative": {
        "zh_Hans": "附议人数下限不能小于 0。", "zh_Hant": "附議人數下限不能小於 0。",
        "en": "The co-signer threshold cannot be negative.",
    },
    "deadline_min": {
        "zh_Hans": "答复期限至少为 1 个工作日。", "zh_Hant": "答覆期限至少為 1 個工作日。",
        "en": "The answer deadline must be at least 1 working day.",
    },
    "value_too_large": {
        "zh_Hans": "数值太大（最多 {max}）。", "zh_Hant": "數值太大（最多 {max}）。",
        "en": "The number is too large (at most {max}).",
    },
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "category": {"zh_Hans": "提案类别", "zh_Hant": "提案類別", "en": "Category"},
    "department": {"zh_Hans": "主办部门", "zh_Hant": "主辦部門", "en": "Lead department"},
    "assist_departments": {"zh_Hans": "协办部门", "zh_Hant": "協辦部門",
                           "en": "Assisting departments"},
    "target": {"zh_Hans": "并入的提案", "zh_Hant": "併入的提案", "en": "Target proposal"},
    "answer": {"zh_Hans": "答复内容", "zh_Hant": "答覆內容", "en": "Answer"},
    "answer_class": {"zh_Hans": "答复类别", "zh_Hant": "答覆類別", "en": "Answer class"},
    "measures": {"zh_Hans": "拟采取措施", "zh_Hant": "擬採取措施", "en": "Planned measures"},
    "completion_date": {"zh_Hans": "预计完成日期", "zh_Hant": "預計完成日期",
                        "en": "Expected completion"},
    "rating": {"zh_Hans": "评价", "zh_Hant": "評價", "en": "Rating"},
    "item": {"zh_Hans": "工作事项", "zh_Hant": "工作事項", "en": "Item"},
    "status": {"zh_Hans": "进度", "zh_Hant": "進度", "en": "Status"},
    "note": {"zh_Hans": "说明", "zh_Hant": "說明", "en": "Note"},
    "summary": {"zh_Hans": "年度总结", "zh_Hant": "年度總結", "en": "Annual summary"},
    "title": {"zh_Hans": "标题", "zh_Hant": "標題", "en": "Title"},
    "reason": {"zh_Hans": "案由", "zh_Hant": "案由", "en": "Reason"},
    "year": {"zh_Hans": "年度", "zh_Hant": "年度", "en": "Year"},
    "months": {"zh_Hans": "月份", "zh_Hant": "月份", "en": "Months"},
    "label": {"zh_Hans": "月份标题", "zh_Hant": "月份標題", "en": "Month heading"},
    "owner": {"zh_Hans": "负责人", "zh_Hant": "負責人", "en": "Owner"},
    "items": {"zh_Hans": "工作条目", "zh_Hant": "工作條目", "en": "Item"},
    "number": {"zh_Hans": "编号", "zh_Hant": "編號", "en": "Number"},
    "organisation": {"zh_Hans": "制定单位", "zh_Hant": "制定單位", "en": "Organisation"},
    "principles": {"zh_Hans": "指导思想", "zh_Hant": "指導思想", "en": "Guiding principles"},
}


def field_labels(name: str) -> dict[str, str] | str:
    """A field's labels by language (rendered per reader), or the bare name."""
    return FIELD_LABELS.get(name) or name


def field_label(name: str, lang: str = "zh_Hans") -> str:
    """The label of a field in `lang`."""
    labels = FIELD_LABELS.get(name)
    return labels.get(lang, labels["zh_Hans"]) if labels else name


def _localise(value: object, lang: str) -> object:
    """A dict of labels by language becomes the label in `lang`."""
    if isinstance(value, dict) and "zh_Hans" in value:
        return value.get(lang) or value["zh_Hans"]
    return value


def render(code: str, lang: str = "zh_Hans", **params: object) -> str:
    """Render message `code` in `lang` with `params`."""
    table = MESSAGES.get(code) or MESSAGES["refused"]
    template = table.get(lang) or table["zh_Hans"]
    local = {k: _localise(v, lang) for k, v in params.items()}
    try:
        return template.format(**local)
    except (KeyError, IndexError):
        return template
