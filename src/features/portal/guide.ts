// The parts of the 政府信息公开指南 (条例 第十二条) that an agency may leave to the platform.

/** How to apply, when the agency has not written its own text: 条例 第二十七条至第二十九条. */
export const DEFAULT_HOW_TO_APPLY = [
  '公民、法人或者其他组织可以向本机关申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。',
  '本机关为申请人依法申请获取政府信息提供便利，申请可以送交或寄至本指南所列的办公地址，或者通过所列的传真、互联网联系方式提交（条例第二十八条）。',
  '申请应当向本机关的政府信息公开工作机构提出，采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，申请人可以口头提出，由政府信息公开工作机构代为填写政府信息公开申请（条例第二十九条第一款）。',
  '政府信息公开申请应当包括下列内容：（一）申请人的姓名或者名称、身份证明、联系方式；（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径（条例第二十九条第二款）。',
].join('\n');

/** Shown for a contact detail the agency has not entered. */
export const NOT_ENTERED = '暂未公布';
