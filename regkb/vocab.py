"""Controlled vocabularies: every id used in the data is defined here, once.

Each mapping goes from a stable ASCII id (used in YAML, URLs, JSON and the helper)
to its Chinese label shown on the site.
"""

from __future__ import annotations

TOPICS: dict[str, str] = {
    "purpose": "制定目的与依据",
    "scope": "适用范围",
    "principles": "建设原则",
    "roles": "职责分工",
    "infrastructure": "基础设施与政务云",
    "planning": "规划与计划",
    "declaration": "申报",
    "review": "审查论证",
    "approval": "审批立项",
    "procurement": "采购",
    "implementation": "建设实施",
    "supervision": "工程监理",
    "security": "安全保障（等保/密评）",
    "change": "变更",
    "acceptance": "验收",
    "operations": "运行维护",
    "funding": "资金与预算",
    "performance": "绩效评价",
    "data_sharing": "数据共享",
    "assets": "资产管理",
    "audit": "审计监督",
    "oversight": "监督检查",
    "penalties": "责任追究",
    "supplementary": "附则",
}

AGENCIES: dict[str, str] = {
    "government": "人民政府",
    "party_committee": "党委（如县委）",
    "data_bureau": "政务服务和大数据管理部门（数管局）",
    # the city bureau a county text names beside its own county bureau: a different body
    "city_data_bureau": "市级政务服务和数据管理部门（上级数管局）",
    "development_reform": "发展改革部门（发改委）",
    "finance": "财政部门",
    "audit": "审计部门",
    "public_resources": "公共资源交易管理部门（公管局）",
    "crypto": "密码管理部门",
    "public_security": "公安部门",
    "cyberspace": "网信部门",
    "secrecy": "机要保密部门",
    "discipline": "纪检监察机关",
    "organization": "组织部门",
    "judiciary": "司法机关",
    "audit_committee": "审计委员会",
    "project_unit": "项目建设单位",
    "competent_department": "主管部门",
    "expert_panel": "专家组",
    # experts drawn at random from a 政府采购评审专家库 for one purchase: not the standing expert panel
    "procurement_experts": "政府采购评审专家（专家论证小组）",
    "supervisor": "监理单位",
    "third_party": "第三方机构",
    "design_unit": "设计单位",
    "contractor": "承建单位",
    "procurement_agent": "采购人或政府采购代理机构",
}

# Roles an agency plays in a regulation; the comparison's agencies matrix has one column each.
ROLES: dict[str, str] = {
    "plans": "规划计划",
    "reviews": "审核论证",
    "approves": "审批批准",
    "applies": "申请报送",
    "funds": "资金预算",
    "procures": "采购",
    "supervises": "监督管理",
    "accepts": "验收",
    "witnesses": "见证",
    "operates": "运维",
    "evaluates": "绩效评价",
    "audits": "审计",
    "interprets": "解释",
}

# Stages of a project's life, in order; used by processes and the decision helper.
STAGES: dict[str, str] = {
    "planning": "谋划",
    "declaration": "申报",
    "review": "论证",
    "approval": "审批",
    "procurement": "采购",
    "implementation": "实施",
    "acceptance": "验收",
    "operations": "运维",
}

# Decision-helper facts: one shared vocabulary, each regulation's terms map onto it.
CATEGORIES: dict[str, str] = {
    "software_purchase": "软件购买",
    "hardware_purchase": "硬件/设备购买",
    "software_development": "软件开发",
    "network_integration": "网络集成",
    "operations": "运维服务",
    "business_operation": "系统业务运营服务",
    "infrastructure_service": "基础设施服务（政务云/政务网）",
    "third_party": "第三方服务（咨询、设计、监理、测评、安全）",
    "comprehensive": "综合",
}

NATURES: dict[str, str] = {
    "new": "新建",
    "upgrade": "改建/扩建/升级",
    "continuation": "续建",
    "operation": "运维",
    "purchase_service": "政府购买服务",
    "retirement": "报废",
}

FUNDINGS: dict[str, str] = {
    "fiscal": "财政资金",
    "self_raised": "自筹资金",
    "mixed": "财政与自筹混合",
}

# The level of the unit that builds the project (项目建设单位): regulations apply to units of one level.
UNIT_LEVELS: dict[str, str] = {
    "city": "市本级单位",
    "county": "县本级（县直）单位",
    "township": "乡镇（街道）",
}

# The facts the decision helper asks for (besides the regulation), as the answer names them.
INPUTS: dict[str, str] = {
    "amount": "项目金额",
    "category": "项目类别",
    "nature": "建设性质",
    "funding": "资金来源",
    "classified": "是否涉密",
    "unit_level": "项目建设单位层级",
}

LEVELS: tuple[str, ...] = ("省级", "市级", "县级")

STATUS_KINDS: tuple[str, ...] = ("现行", "暂行", "试行", "已废止")

# Later changes a text does not carry itself (status notices), from the strongest to the weakest.
# "expired" is also derived from a 试行 period in the text (``Reg.currency``).
# How a citation names an unnumbered block by its role (the 公文 elements of GB/T 9704). A block of the
# issuing notice (``front``) is cited as 印发通知 whatever its role; a plain text block before the first
# article is the 正文's opening (a 通知's 导语), after the articles a closing paragraph.
BLOCK_LABELS: dict[str, str] = {
    "header": "版头",
    "doc_number": "发文字号",
    "title": "标题",
    "addressee": "主送机关",
    "signature": "发文机关署名",
    "date": "成文日期",
    "attachment_index": "附件说明",
    "publication": "公开方式",
    "cc": "抄送机关",
    "printed": "印发机关和印发日期",
    "heading": "标题",
    "note": "附注",
}
BLOCK_TEXT_LABELS: dict[str, str] = {"preamble": "正文开头", "back": "正文结尾", "trailer": "附注"}

NOTICE_KINDS: dict[str, str] = {
    "repealed": "已废止",
    "replaced": "已被取代",
    "expired": "试行期满",
    "revised": "已修订",
    "newer": "有新规定",
}

# A regulation's status badge class (``Currency.cls``; the CSS class ``rk-status-<class>``) → whether a
# text with it still states the rules in force (the home page counts these per province).
STATUS_CLASSES: dict[str, bool] = {
    "current": True,
    "interim": True,
    "trial": True,
    "expired": False,
    "revised": False,
    "repealed": False,
}
# The class a text's own status gives (a 试行 status reads 试行（至…）), unless a notice outranks it.
TEXT_STATUS_CLASSES: dict[str, str] = {"现行": "current", "暂行": "interim", "试行": "trial", "已废止": "repealed"}
# The class each notice kind gives; the strongest notice (first in NOTICE_KINDS) decides.
NOTICE_CLASSES: dict[str, str] = {
    "repealed": "repealed",
    "replaced": "repealed",
    "expired": "expired",
    "revised": "revised",
    "newer": "revised",
}

EFFECTIVE_RULES: tuple[str, ...] = ("自发布之日起", "自印发之日起")

REPAIR_KINDS: dict[str, str] = {
    "latin_word": "英文词替代了中文词",
    "stray_mark": "多余符号",
    "page_break": "跨页断行",
    "missing_label": "缺少标注",
}

DEADLINE_KINDS: dict[str, str] = {
    "annual": "每年固定日期",
    "monthly": "每月固定日期",
    "period": "每年固定时段",
    "after_event": "事件后期限",
    "minimum_duration": "最短期间",
    "limit": "次数或期限限制",
}

COMPARISONS: dict[str, str] = {
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
}

AMOUNT_UNIT = "万元"

# Provincial-level divisions by their GB/T 2260 code: the code names a province in URLs and chart files.
PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}
